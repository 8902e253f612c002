// kafkajs transactions behind the client-neutral TransactionalProducer. kafkajs has no initTransactions():
// its first transaction() registers the transactional id (InitProducerId), so initTransactions opens a
// transaction and aborts it at once — an empty transaction ends without a request to the broker.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Producer, Transaction } from 'kafkajs';
import { TransactionFailedError } from '../../../errors/exceptions.js';
import type { OutgoingRecord, TopicPartitionOffset, TransactionalProducer } from '../types.js';
import { sendInRequests } from './outgoing.js';

/** Broker errors that reject some records but leave the transaction able to commit. */
const RECORD_ERRORS = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
  'INVALID_TIMESTAMP',
]);

/**
 * A group coordinator that moved, is loading, or is busy with the previous transaction. kafkajs retries its
 * TxnOffsetCommit only for an error it checks as "NOT_COORDINATOR", which its own error table names
 * "NOT_COORDINATOR_FOR_GROUP": so these fail at once (seen on a fresh broker) and are retried here.
 */
const COORDINATOR_ERRORS = new Set([
  'NOT_COORDINATOR_FOR_GROUP',
  'GROUP_COORDINATOR_NOT_AVAILABLE',
  'GROUP_LOAD_IN_PROGRESS',
  'CONCURRENT_TRANSACTIONS',
  'REQUEST_TIMED_OUT',
]);
const SEND_OFFSETS_ATTEMPTS = 6;
const FIRST_BACKOFF_MS = 100;

/** PRODUCER_FENCED (code 90) is newer than kafkajs, which reports it as an unknown error code. */
const FENCED_ERRORS = new Set(['INVALID_PRODUCER_EPOCH', 'PRODUCER_FENCED']);

export class KafkajsTransactionalProducer implements TransactionalProducer {
  private transaction: Transaction | undefined;

  constructor(
    private readonly producer: Producer,
    private readonly transactionalId: string,
  ) {}

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    this.transaction = undefined;
    return this.producer.disconnect();
  }

  async initTransactions(): Promise<void> {
    try {
      const first = await this.producer.transaction();
      await first.abort();
    } catch (error) {
      throw this.failure('initialize the transactional id', error);
    }
  }

  async beginTransaction(): Promise<void> {
    if (this.transaction?.isActive()) throw new Error(`${this.transactionalId}: a transaction is already open`);
    try {
      this.transaction = await this.producer.transaction();
    } catch (error) {
      throw this.failure('begin a transaction', error);
    }
  }

  async send(records: ReadonlyArray<OutgoingRecord>): Promise<TopicPartitionOffset[]> {
    if (records.length === 0) return [];
    const transaction = this.openTransaction();
    try {
      return await sendInRequests(records, (batch) => transaction.sendBatch(batch));
    } catch (error) {
      if (RECORD_ERRORS.has(protocolErrorType(error) ?? '')) throw error;
      throw this.failure('write records', error);
    }
  }

  async sendOffsets(groupId: string, offsets: ReadonlyArray<TopicPartitionOffset>): Promise<void> {
    const transaction = this.openTransaction();
    const byTopic = new Map<string, Array<{ partition: number; offset: string; metadata: string | null }>>();
    for (const { topic, partition, offset, metadata } of offsets) {
      let partitions = byTopic.get(topic);
      if (!partitions) byTopic.set(topic, (partitions = []));
      partitions.push({ partition, offset: offset.toString(), metadata: metadata ?? null });
    }
    const topics = [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
    for (let attempt = 1; ; attempt++) {
      try {
        // AddOffsetsToTxn, sent again with every attempt, is idempotent within a transaction.
        await transaction.sendOffsets({ consumerGroupId: groupId, topics });
        return;
      } catch (error) {
        const retriable = COORDINATOR_ERRORS.has(protocolErrorType(error) ?? '');
        if (!retriable || attempt >= SEND_OFFSETS_ATTEMPTS) throw this.failure('add the consumed offsets', error);
        await sleep(FIRST_BACKOFF_MS * 2 ** (attempt - 1));
      }
    }
  }

  commitTransaction(): Promise<void> {
    return this.endTransaction('commit');
  }

  abortTransaction(): Promise<void> {
    return this.endTransaction('abort');
  }

  private async endTransaction(end: 'commit' | 'abort'): Promise<void> {
    // A failed EndTxn leaves kafkajs' transaction state machine stuck in COMMITTING or ABORTING: the producer
    // cannot be used again, which TransactionFailedError tells the caller.
    const transaction = this.openTransaction();
    this.transaction = undefined;
    try {
      await transaction[end]();
    } catch (error) {
      throw this.failure(`${end} the transaction`, error);
    }
  }

  private openTransaction(): Transaction {
    if (!this.transaction?.isActive()) throw new Error(`${this.transactionalId}: no open transaction`);
    return this.transaction;
  }

  private failure(action: string, error: unknown): TransactionFailedError {
    const type = protocolErrorType(error);
    const fenced = FENCED_ERRORS.has(type ?? '') || /unknown error code 90\b/i.test(String(error));
    const reason = error instanceof Error ? error.message : String(error);
    return new TransactionFailedError(
      `${this.transactionalId}: could not ${action}${fenced ? ' (fenced by a newer producer)' : ''}: ${reason}`,
      fenced,
      { cause: error },
    );
  }
}

/** kafkajs wraps broker errors (retries exceeded, non-retriable) in errors of its own: the type is down the cause chain. */
function protocolErrorType(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const { type, cause } = current as { type?: unknown; cause?: unknown };
    if (typeof type === 'string') return type;
    if (cause === current) break;
    current = cause;
  }
  return undefined;
}
