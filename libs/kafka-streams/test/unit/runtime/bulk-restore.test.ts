// Restores bulk-load window and session stores (no journal, no fsync): the task directory is marked meanwhile, the
// mark goes once the writes are on disk, and a task found marked (a crash during such a restore) is wiped and
// restored in full, whatever its checkpoint says.
import { afterEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Materialized, Serdes, StreamsBuilder, TimeWindows } from '../../../src/index.js';
import type { WindowStore } from '../../../src/index.js';
import type { AdminClient, ChangelogRange, ChangelogReader, FetchedBatch } from '../../../src/internal/client/types.js';
import { StateRestorer } from '../../../src/internal/runtime/state-restorer.js';
import { TaskState } from '../../../src/internal/runtime/task-state.js';
import { BULK_RESTORE_MARK } from '../../../src/internal/state/bulk-restore-mark.js';
import { writeCheckpoint } from '../../../src/internal/state/checkpoint.js';
import { windowEntryKey } from '../../../src/internal/state/window-store.js';
import { TopicPartitionMap } from '../../../src/internal/topic-partition-map.js';
import { RestoreMetrics } from '../../../src/runtime/restore-listener.js';
import { RecordingLogger } from '../../../src/testing/recording-logger.js';

const CHANGELOG = 'app-windows-changelog';

function windowedStores() {
  const builder = new StreamsBuilder();
  builder
    .stream('clicks', { keySerde: Serdes.String(), valueSerde: Serdes.String() })
    .groupByKey()
    .windowedBy(TimeWindows.ofSizeWithNoGrace(60_000))
    .count(Materialized.as('windows'));
  return builder
    .build()
    .plan()
    .subtopologies.flatMap((s) => s.stores ?? []);
}

const changelogRecord = (offset: number) => ({
  topic: CHANGELOG,
  partition: 0,
  offset: BigInt(offset),
  timestamp: 0,
  key: windowEntryKey(Buffer.from(`user-${offset}`), 60_000),
  value: Buffer.alloc(16),
  headers: [],
});

describe('bulk-loading restores', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function restore(options: { checkpointed?: bigint; marked?: boolean }) {
    const stateDir = mkdtempSync(join(tmpdir(), 'bulk-restore-'));
    dirs.push(stateDir);
    const taskDirectory = join(stateDir, 'app', '0_0');
    mkdirSync(taskDirectory, { recursive: true });
    if (options.checkpointed !== undefined) {
      await writeCheckpoint(
        taskDirectory,
        TopicPartitionMap.fromLabels(new Map([[`${CHANGELOG}:0`, options.checkpointed]])),
      );
    }
    if (options.marked) writeFileSync(join(taskDirectory, BULK_RESTORE_MARK), '');
    const logger = new RecordingLogger();
    const state = new TaskState({
      changelogTimestamp: () => 0,
      taskId: '0_0',
      partition: 0,
      applicationId: 'app',
      stateDir,
      builders: windowedStores(),
      collector: { sendChangelog: () => undefined, writtenOffsets: () => new TopicPartitionMap() },
      logger,
    });
    const read: ChangelogRange[] = [];
    const markedWhileReading: boolean[] = [];
    const reader: ChangelogReader = {
      read: async (ranges, onBatch: (batch: FetchedBatch) => Promise<void>) => {
        read.push(...ranges);
        for (const range of ranges) {
          markedWhileReading.push(existsSync(join(taskDirectory, BULK_RESTORE_MARK)));
          const records = [];
          for (let offset = Number(range.startOffset); offset < Number(range.endOffset); offset++)
            records.push(changelogRecord(offset));
          await onBatch({ topic: range.topic, partition: range.partition, records });
        }
      },
      stop: async () => undefined,
    };
    const admin = {
      offsetRange: async () => new Map([[`${CHANGELOG}:0`, { earliest: 0n, end: 10n }]]),
      committedOffsets: async () => [],
    } as unknown as AdminClient;
    const restorer = new StateRestorer({
      admin,
      groupId: 'app',
      newReader: () => reader,
      metrics: new RestoreMetrics(),
      logger,
    });
    await restorer.restore('0_0', state, () => false);
    const entries = (state.stores().get('windows') as WindowStore<string, number>).approximateNumEntries();
    await state.close(true);
    return {
      read: read.map((r) => `${r.startOffset}-${r.endOffset}`),
      markedWhileReading,
      markedAfter: existsSync(join(taskDirectory, BULK_RESTORE_MARK)),
      entries,
      wiped: logger.entries.some((e) => e.message.includes('bulk-loading')),
    };
  }

  it('marks the task directory while a window store bulk-loads, and clears the mark once it is on disk', async () => {
    expect(await restore({})).toEqual({
      read: ['0-10'],
      markedWhileReading: [true],
      markedAfter: false,
      entries: 10,
      wiped: false,
    });
  });

  it('restores from the checkpoint when no bulk-loading restore was cut short', async () => {
    expect(await restore({ checkpointed: 6n })).toMatchObject({ read: ['6-10'], entries: 4, wiped: false });
  });

  it('wipes a task found marked and restores it in full, whatever its checkpoint says', async () => {
    expect(await restore({ checkpointed: 6n, marked: true })).toMatchObject({
      read: ['0-10'],
      markedAfter: false,
      entries: 10,
      wiped: true,
    });
  });
});
