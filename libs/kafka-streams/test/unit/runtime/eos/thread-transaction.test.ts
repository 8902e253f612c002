// Exactly-once v2's thread transaction: all tasks' writes and input offsets commit as one transaction, the offsets
// sent with the consumer group metadata; a failure or a task leaving uncommitted changes behind involves every
// task that wrote in the transaction.
import { describe, expect, it } from '@jest/globals';
import { TransactionFailedError } from '../../../../src/errors/exceptions.js';
import type {
  ConsumerGroupMetadata,
  OutgoingRecord,
  TopicPartitionOffset,
  TransactionalProducer,
} from '../../../../src/internal/client/types.js';
import { ThreadTransaction } from '../../../../src/internal/runtime/eos/thread-transaction.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const generation: ConsumerGroupMetadata = { groupId: 'app', generationId: 7, memberId: 'm-1', groupInstanceId: null };
const record = (topic: string): OutgoingRecord => ({
  topic,
  partition: 0,
  key: null,
  value: Buffer.from('v'),
  timestamp: 1,
  headers: [],
});

class RecordingProducer implements TransactionalProducer {
  readonly calls: string[] = [];
  readonly offsetsSent: Array<{ offsets: ReadonlyArray<TopicPartitionOffset>; metadata?: ConsumerGroupMetadata }> = [];
  failOffsets: Error | undefined;
  /** Resolved by the test: the offsets are being sent until then (a commit under way). */
  offsetsGate: Promise<void> | undefined;
  async connect() {
    this.calls.push('connect');
  }
  async disconnect() {
    this.calls.push('disconnect');
  }
  async initTransactions() {
    this.calls.push('init');
  }
  async beginTransaction() {
    this.calls.push('begin');
  }
  async send(records: ReadonlyArray<OutgoingRecord>) {
    this.calls.push(`send ${records.map((r) => r.topic).join(',')}`);
    return [];
  }
  async sendOffsets(_groupId: string, offsets: ReadonlyArray<TopicPartitionOffset>, metadata?: ConsumerGroupMetadata) {
    if (this.failOffsets) throw this.failOffsets;
    await this.offsetsGate;
    this.calls.push('offsets');
    this.offsetsSent.push({ offsets, ...(metadata ? { metadata } : {}) });
  }
  async commitTransaction() {
    this.calls.push('commit');
  }
  async abortTransaction() {
    this.calls.push('abort');
  }
}

function threadTransaction(producer: RecordingProducer) {
  const failures: Array<{ failure: TransactionFailedError; writers: ReadonlyArray<string> }> = [];
  const transaction = new ThreadTransaction(producer, 'app', silent, (failure, writers) =>
    failures.push({ failure, writers }),
  );
  return { transaction, failures };
}

describe('ThreadTransaction', () => {
  it('initializes the producer once for all tasks', async () => {
    const producer = new RecordingProducer();
    const { transaction } = threadTransaction(producer);
    await Promise.all([transaction.initialize(), transaction.initialize()]);
    expect(producer.calls).toEqual(['connect', 'init']);
  });

  it('commits every task’s writes with all input offsets and the group metadata, in one transaction', async () => {
    const producer = new RecordingProducer();
    const { transaction } = threadTransaction(producer);
    await transaction.initialize();
    await transaction.senderFor('0_0').send([record('a')]);
    await transaction.senderFor('0_1').send([record('b')]);
    const offsets = [
      { topic: 'in', partition: 0, offset: 5n },
      { topic: 'in', partition: 1, offset: 9n },
    ];
    expect(await transaction.commit(offsets, generation)).toBe('committed');
    expect(producer.calls).toEqual(['connect', 'init', 'begin', 'send a', 'send b', 'offsets', 'commit']);
    expect(producer.offsetsSent).toEqual([{ offsets, metadata: generation }]);
    // Nothing new: no transaction.
    expect(await transaction.commit(offsets, generation)).toBe('unchanged');
    expect(transaction.uncommitted('0_0', [offsets[0]!])).toBe(false);
  });

  it('fails when the coordinator fences the generation, naming the tasks that wrote', async () => {
    const producer = new RecordingProducer();
    producer.failOffsets = new TransactionFailedError('ILLEGAL_GENERATION', true);
    const { transaction, failures } = threadTransaction(producer);
    await transaction.initialize();
    await transaction.senderFor('1_0').send([record('a')]);
    expect(await transaction.commit([{ topic: 'in', partition: 0, offset: 1n }], generation)).toBe('failed');
    expect(failures.map(({ failure, writers }) => [failure.fenced, writers])).toEqual([[true, ['1_0']]]);
    expect(transaction.failed).toBe(true);
    expect(await transaction.senderFor('1_0').send([record('a')])).toEqual([]);
  });

  // After a failed transaction its replacement is current at once, while the tasks that wrote in the failed one are
  // revived only afterwards: a commit in between offers their offsets, whose output was aborted. Committed, their
  // input would be skipped; begun, the not yet registered producer is refused as fenced (the platformatic client's
  // InitProducerId 0/0), which failed the replacement too and then the revived tasks' start (#16).
  it('commits nothing before a task started with it (offsets of the failed transaction it replaced)', async () => {
    const producer = new RecordingProducer();
    const { transaction, failures } = threadTransaction(producer);
    expect(await transaction.commit([{ topic: 'in', partition: 0, offset: 3n }], generation)).toBe('failed');
    expect(producer.calls).toEqual([]);
    expect(failures).toEqual([]);
    expect(transaction.failed).toBe(false);
    await transaction.initialize();
    expect(await transaction.commit([{ topic: 'in', partition: 0, offset: 3n }], generation)).toBe('committed');
  });

  it('aborts for a task leaving uncommitted changes, and names the other writers to restart', async () => {
    const producer = new RecordingProducer();
    const { transaction } = threadTransaction(producer);
    await transaction.senderFor('0_0').send([record('a')]);
    await transaction.senderFor('0_1').send([record('b')]);
    expect(transaction.uncommitted('0_0', [])).toBe(true);
    expect(await transaction.abortFor('0_0')).toEqual(['0_1']);
    expect(producer.calls.at(-1)).toBe('abort');
    expect(transaction.uncommitted('0_1', [])).toBe(false);
  });

  it('counts processed but uncommitted offsets as uncommitted', () => {
    const { transaction } = threadTransaction(new RecordingProducer());
    expect(transaction.uncommitted('0_0', [{ topic: 'in', partition: 0, offset: 3n }])).toBe(true);
  });

  // The member lost its partitions while a commit was under way (retrying through a broker restart): its tasks close
  // dirty at once and drop what they had not sent, so the commit must not go through (Java aborts on lost).
  it('aborts instead of committing when abandoned while the commit sends its offsets', async () => {
    const producer = new RecordingProducer();
    let sendOffsets!: () => void;
    producer.offsetsGate = new Promise((resolve) => (sendOffsets = resolve));
    const { transaction, failures } = threadTransaction(producer);
    await transaction.initialize();
    await transaction.senderFor('0_0').send([record('a')]);
    const offsets = [{ topic: 'in', partition: 0, offset: 5n }];
    const commit = transaction.exclusively(() => transaction.commit(offsets, generation));
    await new Promise((resolve) => setImmediate(resolve));
    transaction.abandon();
    sendOffsets();
    expect(await commit).toBe('aborted');
    expect(producer.calls.slice(2)).toEqual(['begin', 'send a', 'offsets', 'abort']);
    expect(failures).toEqual([]);
    expect(transaction.uncommitted('0_0', offsets)).toBe(true);
  });

  it('sends no offsets when abandoned before its commit began (the tasks were being flushed)', async () => {
    const producer = new RecordingProducer();
    const { transaction } = threadTransaction(producer);
    await transaction.initialize();
    await transaction.senderFor('0_0').send([record('a')]);
    const outcome = await transaction.exclusively(async () => {
      transaction.abandon();
      return transaction.commit([{ topic: 'in', partition: 0, offset: 5n }], generation);
    });
    expect(outcome).toBe('aborted');
    expect(producer.calls.slice(2)).toEqual(['begin', 'send a', 'abort']);
  });

  it('aborts what is open when abandoned between commits, and commits the next transaction', async () => {
    const producer = new RecordingProducer();
    const { transaction } = threadTransaction(producer);
    await transaction.initialize();
    await transaction.senderFor('0_0').send([record('a')]);
    transaction.abandon();
    await transaction.exclusively(async () => undefined);
    expect(producer.calls.slice(2)).toEqual(['begin', 'send a', 'abort']);
    await transaction.senderFor('0_0').send([record('b')]);
    expect(await transaction.commit([{ topic: 'in', partition: 0, offset: 6n }], generation)).toBe('committed');
    expect(producer.calls.slice(5)).toEqual(['begin', 'send b', 'offsets', 'commit']);
  });
});
