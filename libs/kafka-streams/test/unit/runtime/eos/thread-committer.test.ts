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
  async send(records: ReadonlyArray<OutgoingRecord>): Promise<TopicPartitionOffset[]> {
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

type TaskHooks = ReturnType<ExactlyOnceThread['create']>;

/** One task's commit unit: its input offset, and what its flush and checkpoint do. */
const unitOf = (
  offset: bigint,
  flush: () => Promise<void>,
  checkpoint: () => Promise<void> = async () => undefined,
): TaskCommitUnit => ({
  taskId: '0_0',
  offsets: [{ ...input, offset }],
  flush,
  checkpoint,
  markCommitted: () => undefined,
});

/** A started thread with one task, 0_0, and its committer, which commits the units `units` gives at each commit. */
async function startedCommitter(producer: RecordingProducer, units: (hooks: TaskHooks) => TaskCommitUnit[]) {
  const eos = exactlyOnceThread(producer);
  const hooks = eos.create('0_0');
  await hooks.starting([input], () => false);
  const tasks = { flushCaches: () => undefined, commitUnits: () => units(hooks) };
  const committer = eos.committer(tasks as never, { groupMetadata: () => generation } as never, 100, silent);
  return { eos, hooks, committer };
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
    let units: TaskCommitUnit[] = [];
    const { eos, hooks, committer } = await startedCommitter(producer, () => units);

    // The member is found lost while the commit still flushes the tasks' output (its offsets were sent ahead of it).
    units = [
      unitOf(5n, async () => {
        await hooks.sender.send([record], 'output');
        eos.partitionsLost();
      }),
    ];
    await committer.commit('interval');
    expect(producer.calls).toEqual(['init', 'begin', 'offsets 5', 'send 1', 'abort']);

    // The next generation's commits go through.
    units = [unitOf(7n, () => hooks.sender.send([record], 'output').then(() => undefined))];
    await committer.commit('interval');
    expect(producer.calls.slice(5)).toEqual(['begin', 'offsets 7', 'send 1', 'commit']);
  });
});

/** Its commits wait until the test lets them end; sends say where they wrote, so the next transaction adds it ahead. */
class GatedProducer extends RecordingProducer {
  private openGate: (() => void) | undefined;

  override async send(records: ReadonlyArray<OutgoingRecord>): Promise<TopicPartitionOffset[]> {
    await super.send(records);
    return [{ topic: 'out', partition: 0, offset: 1n }];
  }
  async addPartitions(partitions: ReadonlyArray<{ topic: string; partition: number }>) {
    this.calls.push(`add ${partitions.map((p) => `${p.topic}-${p.partition}`).join(',')}`);
  }
  override async commitTransaction() {
    this.calls.push('commit');
    await new Promise<void>((resolve) => (this.openGate = resolve));
    this.calls.push('committed');
  }
  endCommit(): void {
    this.openGate?.();
  }
}

const turns = async (n = 10) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('the thread transaction committer lets the tasks go on while the transaction commits', () => {
  it('releases them once their output is written; what they write meanwhile goes into the next transaction', async () => {
    const producer = new GatedProducer();
    const checkpoints: string[] = [];
    const { hooks, committer } = await startedCommitter(producer, (task) => [
      unitOf(
        5n,
        () => task.sender.send([record], 'output').then(() => undefined),
        async () => void checkpoints.push(`after ${producer.calls.at(-1)}`),
      ),
    ]);

    let done = false;
    const committing = committer.commit('interval').then(() => (done = true));
    expect(committer.busy).toBe(true);
    await committer.released();
    expect(committer.busy).toBe(false);
    await turns();
    // The offsets went ahead of the output, while it was written.
    expect(producer.calls).toEqual(['init', 'begin', 'offsets 5', 'send 1', 'commit']);
    expect(done).toBe(false);

    // A task processes on: its output is coming (the next transaction is prepared for it) and is sent.
    hooks.sender.willSend?.();
    const sent = hooks.sender.send([record, record], 'output');
    await turns();
    expect(producer.calls.slice(5)).toEqual([]);
    expect(checkpoints).toEqual([]);

    producer.endCommit();
    await committing;
    await sent;
    // The stores flushed once the transaction committed; the next one began, its partitions added ahead of its send.
    expect(checkpoints).toEqual(['after committed']);
    expect(producer.calls.slice(5)).toEqual(['committed', 'begin', 'add out-0', 'send 2']);
  });

  it('holds the tasks still while a commit waits for the one before it', async () => {
    const producer = new GatedProducer();
    let offset = 5n;
    const { committer } = await startedCommitter(producer, (task) => [
      unitOf(offset++, () => task.sender.send([record], 'output').then(() => undefined)),
    ]);

    const first = committer.commit('interval');
    await committer.released();
    const second = committer.commit('caught up');
    let released = false;
    void committer.released().then(() => (released = true));
    await turns();
    expect(committer.busy).toBe(true);
    expect(released).toBe(false);

    producer.endCommit();
    await first;
    await turns();
    expect(released).toBe(true);
    producer.endCommit();
    await second;
    expect(producer.calls.filter((call) => call.startsWith('offsets'))).toEqual(['offsets 5', 'offsets 6']);
  });
});
