// Transactions on @platformatic/kafka's Producer (InitProducerId, AddPartitionsToTxn, idempotent produce, EndTxn),
// with the consumed offsets sent by this module: AddOffsetsToTxn, then one TxnOffsetCommit (v3+) carrying every
// partition and the consumer group metadata, so that the group coordinator fences a zombie member (KIP-447).
// Its own `Transaction.addOffset` is not used: one request per message, deduplicated under a single key, and the
// group metadata of its own Consumer only.
import { addOffsetsToTxnV3, type Connection, type Producer, txnOffsetCommitV3 } from '@platformatic/kafka';

/** The package does not export its Transaction class: its type, as beginTransaction resolves it. */
type Transaction = Awaited<ReturnType<Producer['beginTransaction']>>;
import { TransactionFailedError } from '../../../errors/exceptions.js';
import type {
  ClientConnectionOptions,
  ConsumerGroupMetadata,
  OutgoingRecord,
  TopicPartitionOffset,
  TransactionalProducer,
  TransactionalProducerOptions,
} from '../types.js';
import type { TopicPartition } from '../../../runtime/topic-partition.js';
import { RecordsRefusedError } from '../types.js';
import { sleep } from './backoff.js';
import { ClientProducer } from './client-api-versions.js';
import { baseOptions, ClusterConnection, FIND_COORDINATOR_GROUP, retryDelay } from './connection.js';
import { describeError, hasProtocolError, isNetworkError } from './errors.js';
import { singleRecordBatchBytes, TopicMessageLimits } from './message-limits.js';
import { SendQueue, sendInRequests } from './outgoing.js';

/** Broker errors that reject some records but leave the transaction able to commit. */
const RECORD_ERRORS = [
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
  'INVALID_TIMESTAMP',
];
/** The coordinator moved, is loading, or still completes the previous transaction: retried here. */
const RETRIABLE = [
  'NOT_COORDINATOR',
  'COORDINATOR_NOT_AVAILABLE',
  'COORDINATOR_LOAD_IN_PROGRESS',
  'CONCURRENT_TRANSACTIONS',
  'REQUEST_TIMED_OUT',
  'UNKNOWN_TOPIC_OR_PARTITION',
];
const FENCED = ['PRODUCER_FENCED', 'INVALID_PRODUCER_EPOCH', 'TRANSACTIONAL_ID_NOT_FOUND'];
/** The group moved on: this member's generation is over (KIP-447). */
const GROUP_FENCED = ['ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'FENCED_INSTANCE_ID'];
const ATTEMPTS = 8;
const NO_VALUE = Buffer.alloc(0);

export class PlatformaticTransactionalProducer implements TransactionalProducer {
  private readonly producer: Producer;
  private readonly cluster: ClusterConnection;
  private transaction: Transaction | undefined;
  private groupCoordinator: Connection | undefined;
  private readonly sends = new SendQueue();
  private readonly limits: TopicMessageLimits;

  constructor(
    options: ClientConnectionOptions,
    private readonly transactional: TransactionalProducerOptions,
  ) {
    this.producer = new ClientProducer({
      ...baseOptions(options),
      idempotent: true,
      autocreateTopics: false,
      transactionalId: transactional.transactionalId,
      // Sent as InitProducerId's transaction timeout (and as the produce requests' timeout).
      timeout: transactional.transactionTimeoutMs,
    });
    this.cluster = new ClusterConnection(this.producer);
    this.limits = new TopicMessageLimits(this.cluster);
  }

  async connect(): Promise<void> {
    await this.producer.metadata({ topics: [] });
  }

  async disconnect(): Promise<void> {
    this.transaction = undefined;
    if (!this.producer.closed) await this.producer.close(true);
  }

  async initTransactions(): Promise<void> {
    await this.retrying('initialize the transactional id', async () => {
      // -1/-1: a new registration of the id, which bumps its epoch (fencing older producers) and has the
      // coordinator abort what they left open; its default 0/0 would claim to be producer 0.
      try {
        const first = await this.producer.beginTransaction({ producerId: -1n, producerEpoch: -1 });
        await first.cancel();
      } catch (error) {
        await this.producer.transaction?.cancel();
        throw error;
      }
    });
  }

  async beginTransaction(): Promise<void> {
    if (this.transaction) throw new Error(`${this.transactional.transactionalId}: a transaction is already open`);
    try {
      this.transaction = await this.producer.beginTransaction();
    } catch (error) {
      throw this.failure('begin a transaction', error);
    }
  }

  /**
   * Records too large for their topic alone are refused without being sent (RecordsRefusedError, after the others
   * were written), and the others go in batches within their topic's limit: a batch the broker refused would leave
   * the producer's sequence numbers ahead of the broker's for the rest of the transaction.
   */
  async send(records: ReadonlyArray<OutgoingRecord>): Promise<TopicPartitionOffset[]> {
    if (records.length === 0) return [];
    const transaction = this.openTransaction();
    try {
      const limits = await this.limits.of(records);
      const fitting: OutgoingRecord[] = [];
      const refused: OutgoingRecord[] = [];
      for (const record of records) {
        const tooLarge = singleRecordBatchBytes(record) > (limits.get(record.topic) ?? Number.POSITIVE_INFINITY);
        (tooLarge ? refused : fitting).push(record);
      }
      const written =
        fitting.length === 0
          ? []
          : await this.sends.run(() => sendInRequests(fitting, (messages) => transaction.send({ messages }), limits));
      if (refused.length > 0) {
        throw new RecordsRefusedError(
          `MESSAGE_TOO_LARGE: ${refused.length} record(s) larger than their topic's max.message.bytes ` +
            `(${[...new Set(refused.map((r) => `${r.topic}: ${limits.get(r.topic)}`))].join(', ')}), not sent`,
          refused,
          written,
        );
      }
      return written;
    } catch (error) {
      if (error instanceof RecordsRefusedError || hasProtocolError(error, ...RECORD_ERRORS)) throw error;
      throw this.failure('write records', error);
    }
  }

  /** Queued with the sends: concurrent AddPartitionsToTxn calls share one request in the package (see SendQueue). */
  async addPartitions(partitions: ReadonlyArray<TopicPartition>): Promise<void> {
    if (partitions.length === 0) return;
    const transaction = this.openTransaction();
    try {
      await this.sends.run(async () => {
        const metadata = await this.producer.metadata({ topics: [...new Set(partitions.map((p) => p.topic))] });
        // Messages in name only: the package reads their topic and partition (and normalises the partition in place).
        await transaction.addPartitions(
          metadata,
          partitions.map(({ topic, partition }) => ({ topic, partition, value: NO_VALUE })),
        );
      });
    } catch (error) {
      throw this.failure('add partitions to the transaction', error);
    }
  }

  async sendOffsets(
    groupId: string,
    offsets: ReadonlyArray<TopicPartitionOffset>,
    groupMetadata?: ConsumerGroupMetadata,
  ): Promise<void> {
    this.openTransaction();
    const { transactionalId } = this.transactional;
    await this.retrying('add the consumed offsets', async () => {
      const { producerId, producerEpoch } = this.producerIdentity();
      const coordinator = await this.transactionCoordinator();
      await addOffsetsToTxnV3.api.async(coordinator, transactionalId, producerId, producerEpoch, groupId);
    });
    const topics = byTopic(offsets);
    await this.retrying('commit the consumed offsets', async () => {
      const { producerId, producerEpoch } = this.producerIdentity();
      try {
        await txnOffsetCommitV3.api.async(
          await this.groupCoordinatorOf(groupId),
          transactionalId,
          groupId,
          producerId,
          producerEpoch,
          groupMetadata?.generationId ?? -1,
          groupMetadata?.memberId ?? '',
          groupMetadata?.groupInstanceId ?? null,
          topics,
        );
      } catch (error) {
        if (hasProtocolError(error, 'NOT_COORDINATOR', 'COORDINATOR_NOT_AVAILABLE') || isNetworkError(error)) {
          this.groupCoordinator = undefined;
        }
        throw error;
      }
    });
  }

  commitTransaction(): Promise<void> {
    return this.endTransaction('commit');
  }

  abortTransaction(): Promise<void> {
    return this.endTransaction('abort');
  }

  private async endTransaction(end: 'commit' | 'abort'): Promise<void> {
    const transaction = this.openTransaction();
    this.transaction = undefined;
    try {
      await transaction[end]();
    } catch (error) {
      throw this.failure(`${end} the transaction`, error);
    }
  }

  private openTransaction(): Transaction {
    if (!this.transaction) throw new Error(`${this.transactional.transactionalId}: no open transaction`);
    return this.transaction;
  }

  private producerIdentity(): { producerId: bigint; producerEpoch: number } {
    const { producerId, producerEpoch } = this.producer;
    if (producerId === undefined || producerEpoch === undefined) {
      throw new Error(`${this.transactional.transactionalId}: the transactional id was not initialized`);
    }
    return { producerId, producerEpoch };
  }

  private async transactionCoordinator(): Promise<Connection> {
    const nodeId = this.producer.coordinatorId;
    if (nodeId === undefined)
      throw new Error(`${this.transactional.transactionalId}: no transaction coordinator known`);
    return this.cluster.toNode(nodeId);
  }

  private async groupCoordinatorOf(groupId: string): Promise<Connection> {
    this.groupCoordinator ??= (await this.cluster.coordinator(FIND_COORDINATOR_GROUP, groupId)).connection;
    return this.groupCoordinator;
  }

  /**
   * Runs `request`, retrying what the coordinators answer as retriable and connections that failed (a broker
   * restarting); any other error fails the transaction.
   */
  private async retrying(action: string, request: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await request();
        return;
      } catch (error) {
        const fatal = hasProtocolError(error, ...FENCED, ...GROUP_FENCED);
        const retriable = hasProtocolError(error, ...RETRIABLE) || isNetworkError(error);
        if (fatal || attempt >= ATTEMPTS || !retriable) throw this.failure(action, error);
        await sleep(retryDelay(attempt, error));
      }
    }
  }

  private failure(action: string, error: unknown): TransactionFailedError {
    if (error instanceof TransactionFailedError) return error;
    const fenced = hasProtocolError(error, ...FENCED);
    const groupFenced = hasProtocolError(error, ...GROUP_FENCED);
    const reason = fenced
      ? ' (fenced by a newer producer)'
      : groupFenced
        ? ' (fenced by the consumer group: this member is no longer in the generation that read these offsets)'
        : '';
    return new TransactionFailedError(
      `${this.transactional.transactionalId}: could not ${action}${reason}: ${describeError(error)}`,
      fenced || groupFenced,
      { cause: error },
    );
  }
}

function byTopic(offsets: ReadonlyArray<TopicPartitionOffset>) {
  const grouped = new Map<
    string,
    Array<{
      partitionIndex: number;
      committedOffset: bigint;
      committedLeaderEpoch: number;
      committedMetadata: string | null;
    }>
  >();
  for (const { topic, partition, offset, metadata } of offsets) {
    let list = grouped.get(topic);
    if (!list) grouped.set(topic, (list = []));
    list.push({
      partitionIndex: partition,
      committedOffset: offset,
      committedLeaderEpoch: -1,
      committedMetadata: metadata ?? null,
    });
  }
  return [...grouped].map(([name, partitions]) => ({ name, partitions }));
}
