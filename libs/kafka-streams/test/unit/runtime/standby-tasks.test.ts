// Standby tasks against a scripted changelog reader and real (LevelDB) stores in a temporary state directory:
// where reading starts, what gets applied and checkpointed, and the handover to an active task.
import { TopicPartitionMap } from '../../../src/internal/topic-partition-map.js';
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  GlobalConsumer,
  OffsetRange,
  PositionedBatch,
  TopicPartitionOffset,
} from '../../../src/internal/client/types.js';
import type { ConsumedRecord } from '../../../src/internal/engine/contracts.js';
import { StandbyTasks } from '../../../src/internal/runtime/standby-tasks.js';
import { readCheckpoint, writeCheckpoint } from '../../../src/internal/state/checkpoint.js';
import { Serdes } from '../../../src/serde/serdes.js';
import type { KeyValueStore } from '../../../src/state/store.js';
import { Stores } from '../../../src/state/stores.js';
import { TaskState } from '../../../src/internal/runtime/task-state.js';
import type { TopologyPlan } from '../../../src/internal/topology/plan.js';
import { RecordingLogger } from '../../../src/testing/recording-logger.js';
import { waitFor } from '../../../../../test/support/kafka.js';

const APP = 'app';
const CHANGELOG = `${APP}-counts-changelog`;
const string = Serdes.String();
const int = Serdes.Int32();

const plan = {
  subtopologies: [
    { id: 0, sourceTopics: [], sourcePatterns: [], sinkTopics: [], copartitionGroups: [] },
    {
      id: 1,
      sourceTopics: [],
      sourcePatterns: [],
      sinkTopics: [],
      copartitionGroups: [],
      nodes: [],
      stores: [Stores.keyValueStoreBuilder('counts', string, int)],
    },
  ],
  internalTopics: [],
  customTasks: () => {
    throw new Error('standby tasks never create stream tasks');
  },
} as unknown as TopologyPlan;

/** A reader whose batches the test hands in. */
class ScriptedReader implements GlobalConsumer {
  positions: ReadonlyArray<TopicPartitionOffset> = [];
  stopped = false;
  private onBatch: ((batch: PositionedBatch) => Promise<void>) | undefined;

  async start(positions: ReadonlyArray<TopicPartitionOffset>, onBatch: (batch: PositionedBatch) => Promise<void>) {
    this.positions = positions;
    this.onBatch = onBatch;
  }

  async stop() {
    this.stopped = true;
  }

  /** Records `[from, from + entries.length)` of partition `partition`, with `end` as the high watermark. */
  deliver(partition: number, from: bigint, entries: ReadonlyArray<[string, number | null]>, end: bigint) {
    const records: ConsumedRecord[] = entries.map(([key, value], i) => ({
      topic: CHANGELOG,
      partition,
      offset: from + BigInt(i),
      timestamp: 0,
      key: string.serialize(CHANGELOG, key),
      value: value === null ? null : int.serialize(CHANGELOG, value),
      headers: [],
    }));
    return this.onBatch!({
      topic: CHANGELOG,
      partition,
      records,
      nextOffset: from + BigInt(entries.length),
      highWatermark: end,
    });
  }
}

describe('StandbyTasks', () => {
  const dirs: string[] = [];
  const standbys: StandbyTasks[] = [];
  afterEach(async () => {
    for (const s of standbys.splice(0)) await s.close(false);
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function setup(
    ends: Record<number, OffsetRange>,
    released: (taskId: string) => Promise<void> | undefined,
    wipeUncheckpointedState = false,
  ) {
    const stateDir = mkdtempSync(join(tmpdir(), 'standby-'));
    dirs.push(stateDir);
    const readers: ScriptedReader[] = [];
    const deleted: string[] = [];
    const standby = new StandbyTasks({
      plan,
      applicationId: APP,
      stateDir,
      admin: {
        offsetRange: async (partitions) =>
          new Map(partitions.map((p) => [`${p.topic}:${p.partition}`, ends[p.partition] ?? { earliest: 0n, end: 0n }])),
        deleteGroups: async (groups) => void deleted.push(...groups),
      },
      newReader: () => {
        const reader = new ScriptedReader();
        readers.push(reader);
        return { consumer: reader, groupId: `standby-${readers.length}` };
      },
      activeStateReleased: released,
      checkpointIntervalMs: 60_000,
      logger: new RecordingLogger(),
      wipeUncheckpointedState,
    });
    standbys.push(standby);
    return { standby, readers, deleted, stateDir };
  }

  async function checkpointTask(stateDir: string, taskId: string, offsets: Map<string, bigint>) {
    mkdirSync(join(stateDir, APP, taskId), { recursive: true });
    await writeCheckpoint(join(stateDir, APP, taskId), TopicPartitionMap.fromLabels(offsets));
  }

  function taskState(stateDir: string, taskId: string): TaskState {
    return new TaskState({
      changelogTimestamp: () => 0,
      taskId,
      partition: Number(taskId.split('_')[1]),
      applicationId: APP,
      stateDir,
      builders: plan.subtopologies[1]!.stores!,
      collector: { sendChangelog: () => undefined, writtenOffsets: () => new TopicPartitionMap() },
      logger: new RecordingLogger(),
    });
  }

  /** Writes `entries` into the task's store on disk, as an active copy that crashed would have left them. */
  async function writeStore(stateDir: string, taskId: string, entries: ReadonlyArray<[string, number]>) {
    const state = taskState(stateDir, taskId);
    await state.open();
    const store = state.stores().get('counts') as unknown as KeyValueStore<string, number>;
    for (const [key, value] of entries) store.put(key, value);
    await state.close(false);
  }

  async function readStore(stateDir: string, taskId: string): Promise<Map<string, number>> {
    const state = taskState(stateDir, taskId);
    await state.open();
    const store = state.stores().get('counts') as unknown as KeyValueStore<string, number>;
    const entries = new Map<string, number>();
    for await (const { key, value } of store.all()) entries.set(key, value);
    await state.close(false);
    return entries;
  }

  it('keeps a copy current from the changelog, starting at its checkpoint, and checkpoints it on handover', async () => {
    const { standby, readers, stateDir } = setup({ 2: { earliest: 0n, end: 10n } }, () => Promise.resolve());
    await checkpointTask(stateDir, '1_2', new Map([[`${CHANGELOG}:2`, 4n]]));
    standby.assign(['1_2', '0_1']); // a stateless task has nothing to keep warm
    await waitFor(() => readers.length === 1, 5_000, 'the reader to start');
    expect(readers[0]!.positions).toEqual([{ topic: CHANGELOG, partition: 2, offset: 4n }]);
    expect(standby.taskIds()).toEqual(['1_2']);
    expect(standby.metrics()).toEqual({ '1_2': { lag: 6, recordsApplied: 0 } });

    await readers[0]!.deliver(
      2,
      4n,
      [
        ['a', 1],
        ['b', 1],
        ['a', 2],
        ['b', null],
      ],
      12n,
    );
    expect(standby.offsets()).toEqual(new Map([['1_2', new Map([[`${CHANGELOG}:2`, 8n]])]]));
    expect(standby.metrics()).toEqual({ '1_2': { lag: 4, recordsApplied: 4 } });

    await standby.release('1_2');
    expect(standby.taskIds()).toEqual([]);
    const checkpoint = await readCheckpoint(join(stateDir, APP, '1_2'));
    expect(checkpoint).toEqual({
      status: 'valid',
      offsets: TopicPartitionMap.fromLabels(new Map([[`${CHANGELOG}:2`, 8n]])),
    });
    expect(await readStore(stateDir, '1_2')).toEqual(new Map([['a', 2]]));
    // Batches still in flight for a released task are ignored.
    await readers[0]!.deliver(2, 8n, [['c', 1]], 12n);
    expect(await readStore(stateDir, '1_2')).toEqual(new Map([['a', 2]]));
  });

  it('starts over from the earliest offset when the checkpoint is ahead of the changelog (re-created)', async () => {
    const { standby, readers, stateDir } = setup({ 1: { earliest: 3n, end: 5n } }, () => Promise.resolve());
    await checkpointTask(stateDir, '1_1', new Map([[`${CHANGELOG}:1`, 90n]]));
    standby.assign(['1_1']);
    await waitFor(() => readers.length === 1, 5_000, 'the reader to start');
    expect(readers[0]!.positions).toEqual([{ topic: CHANGELOG, partition: 1, offset: 3n }]);
  });

  it.each([
    [
      'at-least-once keeps what it finds',
      false,
      [
        ['uncommitted', 7],
        ['a', 1],
      ],
    ],
    ['exactly-once wipes state without a checkpoint (it may hold uncommitted writes)', true, [['a', 1]]],
  ] as const)('opening a task directory without a checkpoint: %s', async (_name, exactlyOnce, expected) => {
    const { standby, readers, stateDir } = setup(
      { 0: { earliest: 0n, end: 1n } },
      () => Promise.resolve(),
      exactlyOnce,
    );
    await writeStore(stateDir, '1_0', [['uncommitted', 7]]);
    standby.assign(['1_0']);
    await waitFor(() => readers.length === 1, 5_000, 'the reader to start');
    expect(readers[0]!.positions).toEqual([{ topic: CHANGELOG, partition: 0, offset: 0n }]);
    await readers[0]!.deliver(0, 0n, [['a', 1]], 1n);
    await standby.release('1_0');
    expect(await readStore(stateDir, '1_0')).toEqual(new Map(expected));
  });

  it('waits for an active copy of the task on this instance to close, and never opens one that runs here', async () => {
    let closeActive!: () => void;
    const closing = new Promise<void>((resolve) => (closeActive = resolve));
    const running = new Set(['1_3']);
    const { standby, readers } = setup({ 0: { earliest: 0n, end: 0n } }, (taskId) =>
      running.has(taskId) ? undefined : taskId === '1_0' ? closing : Promise.resolve(),
    );
    standby.assign(['1_0', '1_3']);
    await new Promise((r) => setTimeout(r, 50));
    expect(standby.taskIds()).toEqual([]);
    closeActive();
    await waitFor(() => standby.taskIds().length === 1, 5_000, 'the standby to open');
    expect(standby.taskIds()).toEqual(['1_0']);
    await waitFor(() => readers.length === 1, 5_000, 'the reader to start');
  });

  it('replaces the reader when the standby tasks change, and stops it when none are left', async () => {
    const ends = { 0: { earliest: 0n, end: 0n }, 1: { earliest: 0n, end: 0n } };
    const { standby, readers, deleted } = setup(ends, () => Promise.resolve());
    standby.assign(['1_0']);
    await waitFor(() => readers.length === 1, 5_000, 'the first reader');
    standby.assign(['1_0']); // unchanged: the same reader goes on
    standby.assign(['1_0', '1_1']);
    await waitFor(() => readers.length === 2, 5_000, 'the second reader');
    expect(readers[0]!.stopped).toBe(true);
    expect(readers[1]!.positions.map((p) => p.partition).sort()).toEqual([0, 1]);
    standby.assign([]);
    await waitFor(() => readers[1]!.stopped && standby.taskIds().length === 0, 5_000, 'everything to stop');
    expect(deleted).toEqual(['standby-1', 'standby-2']);
  });
});
