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
import type { TopicPartition } from '../../../../src/runtime/topic-partition.js';
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
    return records.map(({ topic, partition }) => ({ topic, partition, offset: 1n }));
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

/** A client that can add partitions to a transaction ahead of its writes (the platformatic one). */
class PartitionAddingProducer extends RecordingProducer {
  failAdding: Error | undefined;
  /** Resolved by the test: the partitions are being added until then. */
  addingGate: Promise<void> | undefined;
  async addPartitions(partitions: ReadonlyArray<TopicPartition>) {
    await this.addingGate;
    if (this.failAdding) throw this.failAdding;
    this.calls.push(`add ${partitions.map((p) => `${p.topic}-${p.partition}`).join(',')}`);
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

  it('sends the tasks’ records handed over together in one send per kind (changelog, output)', async () => {
    const producer = new RecordingProducer();
    const { transaction } = threadTransaction(producer);
    await transaction.initialize();
    await Promise.all([
      transaction.senderFor('1_0').send([record('changelog-0')], 'changelog'),
      transaction.senderFor('1_1').send([record('changelog-1')], 'changelog'),
      transaction.senderFor('0_0').send([record('repartition')], 'output'),
      transaction.senderFor('1_0').send([record('out')], 'output'),
    ]);
    expect(producer.calls).toEqual([
      'connect',
      'init',
      'begin',
      'send changelog-0,changelog-1',
      'send repartition,out',
    ]);
  });

  it('commits every task’s writes with all input offsets and the group metadata, in one transaction', async () => {
    const producer = new RecordingProducer();
    const { transaction } = threadTransaction(producer);
    await transaction.initialize();
    await transaction.senderFor('0_0').send([record('a')], 'output');
    await transaction.senderFor('0_1').send([record('b')], 'output');
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
    await transaction.senderFor('1_0').send([record('a')], 'output');
    expect(await transaction.commit([{ topic: 'in', partition: 0, offset: 1n }], generation)).toBe('failed');
    expect(failures.map(({ failure, writers }) => [failure.fenced, writers])).toEqual([[true, ['1_0']]]);
    expect(transaction.failed).toBe(true);
    expect(await transaction.senderFor('1_0').send([record('a')], 'output')).toEqual([]);
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
    await transaction.senderFor('0_0').send([record('a')], 'output');
    await transaction.senderFor('0_1').send([record('b')], 'output');
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
    await transaction.senderFor('0_0').send([record('a')], 'output');
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

  describe('offsets sent ahead, while the commit still writes the tasks’ output', () => {
    const offsets = [{ topic: 'in', partition: 0, offset: 5n }];
    /** A commit's start, as the committer makes it: the offsets go ahead, then task 0_0's output is written. */
    const offsetsAheadThenOutput = async (transaction: ThreadTransaction) => {
      transaction.sendOffsetsAhead(offsets, generation);
      await transaction.senderFor('0_0').send([record('a')], 'output');
    };
    /** An offsets gate the test opens. */
    const gated = (producer: RecordingProducer) => {
      let open!: () => void;
      producer.offsetsGate = new Promise((resolve) => (open = resolve));
      return open;
    };

    it('sends them before the output is written, and the commit waits for them without sending them again', async () => {
      const producer = new RecordingProducer();
      const sendOffsets = gated(producer);
      const { transaction } = threadTransaction(producer);
      await transaction.initialize();
      const outcome = transaction.exclusively(async () => {
        await offsetsAheadThenOutput(transaction);
        return transaction.commit(offsets, generation);
      });
      for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
      expect(producer.calls.slice(2)).toEqual(['begin', 'send a']);
      sendOffsets();
      expect(await outcome).toBe('committed');
      expect(producer.calls.slice(2)).toEqual(['begin', 'send a', 'offsets', 'commit']);
      expect(producer.offsetsSent).toEqual([{ offsets, metadata: generation }]);
      expect(transaction.uncommitted('0_0', offsets)).toBe(false);
    });

    it('fails the commit when they could not be sent', async () => {
      const producer = new RecordingProducer();
      producer.failOffsets = new Error('ILLEGAL_GENERATION');
      const { transaction, failures } = threadTransaction(producer);
      await transaction.initialize();
      const outcome = await transaction.exclusively(async () => {
        await offsetsAheadThenOutput(transaction);
        return transaction.commit(offsets, generation);
      });
      expect(outcome).toBe('failed');
      expect(producer.calls).not.toContain('commit');
      expect(failures.map((f) => f.writers)).toEqual([['0_0']]);
    });

    it('aborts only once they are answered when the commit does not come (a flush failed)', async () => {
      const producer = new RecordingProducer();
      const sendOffsets = gated(producer);
      const { transaction } = threadTransaction(producer);
      await transaction.initialize();
      await transaction.exclusively(() => offsetsAheadThenOutput(transaction));
      const closed = transaction.close();
      for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
      expect(producer.calls).not.toContain('abort');
      sendOffsets();
      await closed;
      expect(producer.calls.slice(2)).toEqual(['begin', 'send a', 'offsets', 'abort', 'disconnect']);
    });
  });

  it('sends no offsets when abandoned before its commit began (the tasks were being flushed)', async () => {
    const producer = new RecordingProducer();
    const { transaction } = threadTransaction(producer);
    await transaction.initialize();
    await transaction.senderFor('0_0').send([record('a')], 'output');
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
    await transaction.senderFor('0_0').send([record('a')], 'output');
    transaction.abandon();
    await transaction.exclusively(async () => undefined);
    expect(producer.calls.slice(2)).toEqual(['begin', 'send a', 'abort']);
    await transaction.senderFor('0_0').send([record('b')], 'output');
    expect(await transaction.commit([{ topic: 'in', partition: 0, offset: 6n }], generation)).toBe('committed');
    expect(producer.calls.slice(5)).toEqual(['begin', 'send b', 'offsets', 'commit']);
  });

  describe('adding the partitions of the next transaction ahead of its writes', () => {
    const offsets = (offset: bigint) => [{ topic: 'in', partition: 0, offset }];
    async function afterOneCommit(producer: RecordingProducer) {
      const { transaction, failures } = threadTransaction(producer);
      await transaction.initialize();
      const sender = transaction.senderFor('0_0');
      await sender.send([record('out'), { ...record('changelog'), partition: 3 }], 'output');
      expect(await transaction.commit(offsets(1n), generation)).toBe('committed');
      producer.calls.length = 0;
      return { transaction, failures, sender };
    }

    it('begins the next transaction with the partitions the last one wrote once output is coming', async () => {
      const producer = new PartitionAddingProducer();
      const { transaction, sender } = await afterOneCommit(producer);
      sender.willSend?.();
      sender.willSend?.();
      await sender.send([record('out')], 'output');
      expect(await transaction.commit(offsets(2n), generation)).toBe('committed');
      expect(producer.calls).toEqual(['begin', 'add out-0,changelog-3', 'send out', 'offsets', 'commit']);
    });

    it('adds nothing ahead before a transaction wrote, nor with a client that adds partitions as it writes', async () => {
      const first = new PartitionAddingProducer();
      const { transaction } = threadTransaction(first);
      await transaction.initialize();
      transaction.senderFor('0_0').willSend?.();
      await transaction.exclusively(async () => undefined);
      expect(first.calls).toEqual(['connect', 'init']);

      const plain = new RecordingProducer();
      const { transaction: other, sender } = await afterOneCommit(plain);
      sender.willSend?.();
      expect(await other.commit(offsets(1n), generation)).toBe('unchanged');
      expect(plain.calls).toEqual([]);
    });

    it('commits only once the partitions were added', async () => {
      const producer = new PartitionAddingProducer();
      const { transaction, sender } = await afterOneCommit(producer);
      let added!: () => void;
      producer.addingGate = new Promise((resolve) => (added = resolve));
      sender.willSend?.();
      const commit = transaction.commit(offsets(2n), generation);
      await new Promise((resolve) => setImmediate(resolve));
      expect(producer.calls).toEqual(['begin']);
      added();
      expect(await commit).toBe('committed');
      expect(producer.calls).toEqual(['begin', 'add out-0,changelog-3', 'offsets', 'commit']);
    });

    it('fails the transaction when the partitions cannot be added', async () => {
      const producer = new PartitionAddingProducer();
      producer.failAdding = new TransactionFailedError('PRODUCER_FENCED', true);
      const { transaction, failures, sender } = await afterOneCommit(producer);
      sender.willSend?.();
      expect(await transaction.commit(offsets(2n), generation)).toBe('failed');
      expect(failures.map(({ failure }) => failure.fenced)).toEqual([true]);
      expect(producer.calls).toEqual(['begin']);
    });

    it('aborts a prepared transaction for a task that stops with uncommitted changes', async () => {
      const producer = new PartitionAddingProducer();
      const { transaction, sender } = await afterOneCommit(producer);
      sender.willSend?.();
      expect(await transaction.abortFor('0_0')).toEqual([]);
      expect(producer.calls).toEqual(['begin', 'add out-0,changelog-3', 'abort']);
    });
  });
});
