import { afterEach, describe, expect, it } from '@jest/globals';
import { TopicPartitionMap } from '../../../src/internal/topic-partition-map.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StreamsBuilder } from '../../../src/dsl/streams-builder.js';
import { Materialized } from '../../../src/dsl/materialized.js';
import { silentLogger } from '../../../src/runtime/logger.js';
import { TaskState } from '../../../src/internal/runtime/task-state.js';
import { Serdes } from '../../../src/index.js';
import { readCheckpoint } from '../../../src/internal/state/checkpoint.js';
import type { StateStore } from '../../../src/state/store.js';
import type { StoreBuilder } from '../../../src/state/stores.js';

const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };

/** The stores of a topology joining a stream of orders with a table of prices, plus a logged count. */
function storeBuilders(): ReadonlyArray<StoreBuilder<StateStore>> {
  const builder = new StreamsBuilder();
  const prices = builder.table('prices', strings, Materialized.as('prices-store'));
  builder
    .stream('orders', strings)
    .join(prices, (order, price) => `${order}@${price}`)
    .groupByKey()
    .count(Materialized.as('order-count'));
  return builder
    .build()
    .plan()
    .subtopologies.flatMap((s) => s.stores ?? []);
}

describe('TaskState changelogs', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const taskState = (written: ReadonlyMap<string, bigint> = new Map(), exactlyOnce = false) => {
    const stateDir = mkdtempSync(join(tmpdir(), 'task-state-'));
    dirs.push(stateDir);
    return new TaskState({
      changelogTimestamp: () => 0,
      taskId: '0_2',
      partition: 2,
      applicationId: 'shop',
      stateDir,
      builders: storeBuilders(),
      collector: { sendChangelog: () => undefined, writtenOffsets: () => TopicPartitionMap.fromLabels(written) },
      logger: silentLogger,
      exactlyOnce,
    });
  };

  it("restores a table's store from its partition of the source topic, and its logged stores from their changelogs", () => {
    const changelogs = taskState().changelogPartitions();
    expect(changelogs.map(({ storeName, topic, partition }) => ({ storeName, topic, partition }))).toEqual([
      { storeName: 'prices-store', topic: 'prices', partition: 2 },
      { storeName: 'order-count', topic: 'shop-order-count-changelog', partition: 2 },
    ]);
  });

  it('checkpoints the source-topic offset a table restored to, never the offsets the task wrote to that topic', async () => {
    // The task also wrote to partition 2 of "prices" (e.g. stream.to('prices')): that is output, not the store's.
    const state = taskState(
      new Map([
        ['prices:2', 500n],
        ['shop-order-count-changelog:2', 31n],
      ]),
    );
    await state.open();
    const table = state.changelogPartitions().find((c) => c.storeName === 'prices-store')!;
    table.restore(Buffer.from('apple'), Buffer.from('3'));
    state.markRestored(table, 42n);
    await state.checkpoint();
    await state.close(false);

    const checkpoint = await readCheckpoint(state.directory);
    expect(checkpoint).toEqual({
      status: 'valid',
      offsets: TopicPartitionMap.fromLabels(
        new Map([
          ['prices:2', 42n],
          ['shop-order-count-changelog:2', 31n],
        ]),
      ),
    });
  });

  it.each([
    ['at-least-once: from restore to close, every commit rewrites it', false, ['valid', 'valid', 'valid']],
    [
      'exactly-once: deleted while the task processes, written again by a clean close',
      true,
      ['missing', 'missing', 'valid'],
    ],
  ] as const)('the checkpoint, %s', async (_name, exactlyOnce, expected) => {
    const state = taskState(new Map([['shop-order-count-changelog:2', 31n]]), exactlyOnce);
    await state.open();
    await state.checkpoint(); // what a restore ends with
    const seen: string[] = [];
    await state.startProcessing();
    seen.push((await readCheckpoint(state.directory)).status);
    await state.committed();
    seen.push((await readCheckpoint(state.directory)).status);
    await state.close(true);
    seen.push((await readCheckpoint(state.directory)).status);
    expect(seen).toEqual(expected);
  });

  it('registers no changelog for a store with neither logging nor a source topic', () => {
    const plain = storeBuilders().map((b) => ({ ...b.withLoggingDisabled(), sourceTopicChangelog: undefined }));
    const stateDir = mkdtempSync(join(tmpdir(), 'task-state-'));
    dirs.push(stateDir);
    const state = new TaskState({
      changelogTimestamp: () => 0,
      taskId: '0_0',
      partition: 0,
      applicationId: 'shop',
      stateDir,
      builders: plain,
      collector: { sendChangelog: () => undefined, writtenOffsets: () => new TopicPartitionMap() },
      logger: silentLogger,
    });
    expect(state.changelogPartitions()).toEqual([]);
  });
});
