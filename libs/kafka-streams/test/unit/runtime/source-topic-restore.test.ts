// A table's store restored from its source topic: up to the group's committed offset (Java's restore end for a
// source-topic changelog); a checkpoint past that offset but within the topic (a standby copy reads to the end) is
// kept as it is, and only one past the topic's end wipes the store.
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Consumed, Materialized, Serdes, StreamsBuilder } from '../../../src/index.js';
import type { AdminClient, ChangelogRange, ChangelogReader } from '../../../src/internal/client/types.js';
import { StateRestorer } from '../../../src/internal/runtime/state-restorer.js';
import { TaskState } from '../../../src/internal/runtime/task-state.js';
import { writeCheckpoint } from '../../../src/internal/state/checkpoint.js';
import { TopicPartitionMap } from '../../../src/internal/topic-partition-map.js';
import { RestoreMetrics } from '../../../src/runtime/restore-listener.js';
import { RecordingLogger } from '../../../src/testing/recording-logger.js';

const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };

function tableStores() {
  const builder = new StreamsBuilder();
  builder.table('prices', Consumed.with(strings), Materialized.as('prices-store'));
  return builder
    .build()
    .plan()
    .subtopologies.flatMap((s) => s.stores ?? []);
}

describe('restoring a store from its source topic', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function restore(checkpointed: bigint, committed: bigint | undefined, end: bigint) {
    const stateDir = mkdtempSync(join(tmpdir(), 'source-restore-'));
    dirs.push(stateDir);
    mkdirSync(join(stateDir, 'app', '0_0'), { recursive: true });
    await writeCheckpoint(
      join(stateDir, 'app', '0_0'),
      TopicPartitionMap.fromLabels(new Map([['prices:0', checkpointed]])),
    );
    const logger = new RecordingLogger();
    const state = new TaskState({
      changelogTimestamp: () => 0,
      taskId: '0_0',
      partition: 0,
      applicationId: 'app',
      stateDir,
      builders: tableStores(),
      collector: { sendChangelog: () => undefined, writtenOffsets: () => new TopicPartitionMap() },
      logger,
    });
    const read: ChangelogRange[] = [];
    const reader: ChangelogReader = {
      read: async (ranges) => void read.push(...ranges),
      stop: async () => undefined,
    };
    const admin = {
      offsetRange: async () => new Map([['prices:0', { earliest: 0n, end }]]),
      committedOffsets: async () =>
        committed === undefined ? [] : [{ topic: 'prices', partition: 0, offset: committed }],
    } as unknown as AdminClient;
    const restorer = new StateRestorer({
      admin,
      groupId: 'app',
      newReader: () => reader,
      metrics: new RestoreMetrics(),
      logger,
    });
    await restorer.restore('0_0', state, () => false);
    await state.close(false);
    const wiped = logger.entries.some((e) => e.message.includes('ahead of its changelogs'));
    return { read: read.map((r) => `${r.startOffset}-${r.endOffset}`), wiped };
  }

  it('reads from the checkpoint up to the committed offset, not to the end of the topic', async () => {
    expect(await restore(2n, 8n, 12n)).toEqual({ read: ['2-8'], wiped: false });
  });

  it('restores nothing without a committed offset', async () => {
    expect(await restore(0n, undefined, 12n)).toEqual({ read: [], wiped: false });
  });

  it('keeps a store checkpointed past the committed offset but within the topic', async () => {
    expect(await restore(10n, 8n, 12n)).toEqual({ read: [], wiped: false });
  });

  it('wipes a store checkpointed past the end of the topic', async () => {
    expect(await restore(15n, 8n, 12n)).toEqual({ read: ['0-8'], wiped: true });
  });
});
