// Exactly-once v2's commits when the member loses its partitions while one is under way (its sends retrying through a
// broker restart): the tasks close dirty at once and drop what they had not sent yet, so the commit must end in an
// abort, never commit offsets whose output was dropped (Java aborts the thread's transaction on lost).
import { describe, expect, it } from '@jest/globals';
import type {
  ConsumerGroupMetadata,
  OutgoingRecord,
  TopicPartitionOffset,
  TransactionalProducer,
} from '../../../../src/internal/client/types.js';
import { ExactlyOnceThread } from '../../../../src/internal/runtime/eos/exactly-once-thread.js';
import type { TaskCommitUnit } from '../../../../src/internal/runtime/task-manager.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const generation: ConsumerGroupMetadata = { groupId: 'app', generationId: 3, memberId: 'm-1', groupInstanceId: null };
const input = { topic: 'in', partition: 0 };

class RecordingProducer implements TransactionalProducer {
  readonly calls: string[] = [];
  async connect() {}
  async disconnect() {}
  async initTransactions() {
    this.calls.push('init');
  }
  async beginTransaction() {
    this.calls.push('begin');
  }
  async send(records: ReadonlyArray<OutgoingRecord>) {
    this.calls.push(`send ${records.length}`);
    return [];
  }
  async sendOffsets(_groupId: string, offsets: ReadonlyArray<TopicPartitionOffset>) {
    this.calls.push(`offsets ${offsets.map((o) => o.offset).join(',')}`);
  }
  async commitTransaction() {
    this.calls.push('commit');
  }
  async abortTransaction() {
    this.calls.push('abort');
  }
}

function exactlyOnceThread(producer: RecordingProducer): ExactlyOnceThread {
  return new ExactlyOnceThread({
    applicationId: 'app',
    clients: { transactionalProducer: () => producer },
    admin: { committedOffsets: async () => [{ ...input, offset: 0n }], offsetRange: async () => new Map() },
    transactionTimeoutMs: 10_000,
    logger: silent,
    reviveTask: () => undefined,
    activeTasks: () => ['0_0'],
    stopping: () => false,
  });
}

const record: OutgoingRecord = {
  topic: 'out',
  partition: 0,
  key: null,
  value: Buffer.from('v'),
  timestamp: 1,
  headers: [],
};

describe('the thread transaction committer when the partitions are lost during a commit', () => {
  it('aborts the transaction instead of committing the offsets of the tasks closed meanwhile', async () => {
    const producer = new RecordingProducer();
    const eos = exactlyOnceThread(producer);
    const hooks = eos.create('0_0');
    await hooks.starting([input], () => false);
    const unit = (offset: bigint, flush: () => Promise<void>): TaskCommitUnit => ({
      taskId: '0_0',
      offsets: [{ ...input, offset }],
      flush,
      checkpoint: async () => undefined,
      markCommitted: () => undefined,
    });
    let units: TaskCommitUnit[] = [];
    const tasks = { flushCaches: () => undefined, commitUnits: () => units };
    const consumer = { groupMetadata: () => generation };
    const committer = eos.committer(tasks as never, consumer as never, 100, silent);

    // The member is found lost while the commit still flushes the tasks' output.
    units = [
      unit(5n, async () => {
        await hooks.sender.send([record]);
        eos.partitionsLost();
      }),
    ];
    await committer.commit('interval');
    expect(producer.calls).toEqual(['init', 'begin', 'send 1', 'abort']);

    // The next generation's commits go through.
    units = [unit(7n, () => hooks.sender.send([record]).then(() => undefined))];
    await committer.commit('interval');
    expect(producer.calls.slice(4)).toEqual(['begin', 'send 1', 'offsets 7', 'commit']);
  });
});
