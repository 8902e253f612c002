// The record cache on a real broker. A DSL count with a long commit interval: many updates to few keys leave as a
// few records on the changelog and the output, with the exact final counts, while interactive queries read the
// counts through the cache; the same topology without the cache sends every update. A tiny cache budget: evictions
// forward each key's counts in increasing order, and the final counts stay exact. Exactly-once with the cache (the
// word count of fixtures/word-count-app.ts in a child process): an instance killed with SIGKILL and restarted ends
// with the exact counts, each word's output counts increasing, and far fewer output records than words. The same
// for a windowed count (its window store is cached too, as in Java): many updates to few windows leave as few
// output and changelog records with exact window counts, and exactly-once with SIGKILL stays exact.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { Materialized, Produced, Serdes, StreamsBuilder, TimeWindows, changelogTopicName } from '../../src/index.js';
import {
  bootstrapServers,
  createTopics,
  kafka,
  readAll,
  uniqueName,
  waitFor,
  type ConsumedRecord,
} from '../../../../test/support/kafka.js';
import { AppProcess, waitRunning } from './fixtures/app-process.js';
import { produce, StreamsHarness } from './support/streams-harness.js';
import { randomSentences, referenceCounts, seededRandom } from './support/sentences.js';
import { TempDirs } from './support/temp-dirs.js';

jest.setTimeout(180_000);

const PARTITIONS = 2;
const STORE = 'counts';

/** `updates` records over `keys` keys, in a seeded random order; the reference count per key. */
function keyedUpdates(keys: number, updates: number, seed: number) {
  const random = seededRandom(seed);
  const records = Array.from({ length: updates }, () => ({ key: `k${random(keys)}`, value: 'x' }));
  const expected: Record<string, number> = {};
  for (const { key } of records) expected[key] = (expected[key] ?? 0) + 1;
  return { records, expected };
}

const WINDOW_MS = 60_000;
const WINDOW_STORE = 'window-counts';

/**
 * `updates` records over `keys` keys and `windows` consecutive windows of a minute (recent ones: the topics keep
 * them), timestamps in any order; the reference count per `<key>@<window start>`.
 */
function windowedUpdates(keys: number, windows: number, updates: number, seed: number) {
  const random = seededRandom(seed);
  const firstStart = (Math.floor(Date.now() / WINDOW_MS) - windows) * WINDOW_MS;
  const expected: Record<string, number> = {};
  const records = Array.from({ length: updates }, () => {
    const key = `k${random(keys)}`;
    const start = firstStart + random(windows) * WINDOW_MS;
    expected[`${key}@${start}`] = (expected[`${key}@${start}`] ?? 0) + 1;
    return { key, value: 'x', timestamp: start + random(WINDOW_MS) };
  });
  return { records, expected };
}

/** Per key, the values in the order they were written (one key lives in one partition: offset order). */
function byKey(records: ReadonlyArray<ConsumedRecord>, decode: (value: string) => number): Map<string, number[]> {
  const sorted = [...records].sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
  const values = new Map<string, number[]>();
  for (const record of sorted) {
    const list = values.get(record.key!) ?? [];
    list.push(decode(record.value!));
    values.set(record.key!, list);
  }
  return values;
}

const increasing = (values: ReadonlyArray<number>) => values.every((v, i) => i === 0 || v > values[i - 1]!);
const lastOf = (values: Map<string, number[]>) =>
  Object.fromEntries([...values].map(([key, list]) => [key, list[list.length - 1]!]));
const sorted = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).sort());
/** The changelog holds int64 counts: read as hex (`valueEncoding: 'hex'`). */
const int64 = (hex: string) => Number(Buffer.from(hex, 'hex').readBigInt64BE());

describe('record cache', () => {
  const client = kafka();
  let admin: Admin;
  const harness = new StreamsHarness();
  const stateDirs = new TempDirs('streamkit-cache');

  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
  });

  afterAll(async () => {
    AppProcess.killAll();
    await harness.closeAll();
    await admin.disconnect();
    stateDirs.removeAll();
  });

  /** Counts `records` per key with a DSL count; returns the output and changelog records once the instance closed. */
  async function countWithCache(
    records: ReadonlyArray<{ key: string; value: string }>,
    expected: Record<string, number>,
    cacheMaxBytes: number,
    checkWhileCached?: (outputSoFar: () => Promise<ConsumedRecord[]>) => Promise<void>,
  ) {
    const input = uniqueName('cache-in');
    const output = uniqueName('cache-out');
    const applicationId = uniqueName('cache-app');
    await createTopics(admin, [
      { topic: input, partitions: PARTITIONS },
      { topic: output, partitions: PARTITIONS },
    ]);
    const builder = new StreamsBuilder({ defaultKeySerde: Serdes.String(), defaultValueSerde: Serdes.String() });
    builder
      .stream<string, string>(input)
      .groupByKey()
      .count(Materialized.as<string, number>(STORE))
      .toStream()
      .mapValues((count) => String(count))
      .to(output, Produced.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() }));
    const streams = await harness.startRunning(builder.build(), applicationId, {
      stateDir: stateDirs.create(),
      commitIntervalMs: 600_000, // only the final commit (close) flushes, unless an eviction does
      cacheMaxBytes,
    });
    for (let i = 0; i < records.length; i += 1_000) await produce(client, input, records.slice(i, i + 1_000));
    // Interactive queries read through the cache: the exact counts before anything was committed.
    const counts = async () => {
      const all: Record<string, number> = {};
      for await (const { key, value } of streams.store<string, number>(STORE).all()) all[key] = value;
      return all;
    };
    await waitFor(
      async () => JSON.stringify(sorted(await counts())) === JSON.stringify(sorted(expected)),
      60_000,
      'the store to answer the reference counts',
    );
    await checkWhileCached?.(() => readAll(client, output, { idleMs: 1_500, isolation: 'read_uncommitted' }));
    await streams.close({ timeoutMs: 20_000 });
    const changelog = changelogTopicName(applicationId, STORE);
    return {
      output: await readAll(client, output, { idleMs: 2_000 }),
      changelog: await readAll(client, changelog, { idleMs: 2_000, valueEncoding: 'hex' }),
    };
  }

  it('merges the updates to a key between commits: far fewer changelog and output records, exact final counts', async () => {
    const { records, expected } = keyedUpdates(10, 5_000, 7);
    const cached = await countWithCache(records, expected, 10 * 1024 * 1024, async (outputSoFar) => {
      // Nothing committed yet, nothing evicted (10 keys fit easily): nothing has left the cache.
      expect(await outputSoFar()).toHaveLength(0);
    });
    const uncached = await countWithCache(records, expected, 0);
    process.stderr.write(
      `[cache] 5,000 updates to 10 keys: output ${cached.output.length} records cached vs ${uncached.output.length} ` +
        `uncached; changelog ${cached.changelog.length} vs ${uncached.changelog.length}\n`,
    );
    // One record per key, written by the flush of the closing commit.
    expect(cached.output).toHaveLength(10);
    expect(cached.changelog).toHaveLength(10);
    expect(uncached.output).toHaveLength(5_000);
    expect(uncached.changelog).toHaveLength(5_000);
    expect(sorted(lastOf(byKey(cached.output, Number)))).toEqual(sorted(expected));
    expect(sorted(lastOf(byKey(cached.changelog, int64)))).toEqual(sorted(expected));
    expect(sorted(lastOf(byKey(uncached.output, Number)))).toEqual(sorted(expected));
  });

  it('under a tiny budget evictions forward each key in increasing order and the final counts stay exact', async () => {
    const { records, expected } = keyedUpdates(200, 6_000, 11);
    // About 20 entries fit: each eviction of a dirty entry flushes the store's dirty entries first.
    const { output, changelog } = await countWithCache(records, expected, 2_500);
    process.stderr.write(
      `[cache] 6,000 updates to 200 keys, 2,500-byte cache: ${output.length} output and ${changelog.length} changelog records\n`,
    );
    const outputs = byKey(output, Number);
    const logged = byKey(changelog, int64);
    expect([...outputs.values()].filter((values) => !increasing(values))).toEqual([]);
    expect([...logged.values()].filter((values) => !increasing(values))).toEqual([]);
    expect(sorted(lastOf(outputs))).toEqual(sorted(expected));
    expect(sorted(lastOf(logged))).toEqual(sorted(expected));
    // Evictions flushed mid-run (more than one record per key), yet updates were merged (fewer than the input).
    expect(output.length).toBeGreaterThan(200);
    expect(output.length).toBeLessThan(6_000);
    expect(changelog).toHaveLength(output.length);
  });

  /** countWithCache for a windowed count: `<key>@<window start> → count` on the output. */
  async function countWindowsWithCache(
    records: ReadonlyArray<{ key: string; value: string; timestamp: number }>,
    expected: Record<string, number>,
    cacheMaxBytes: number,
    checkWhileCached?: (outputSoFar: () => Promise<ConsumedRecord[]>) => Promise<void>,
  ) {
    const input = uniqueName('wcache-in');
    const output = uniqueName('wcache-out');
    const applicationId = uniqueName('wcache-app');
    await createTopics(admin, [
      { topic: input, partitions: PARTITIONS },
      { topic: output, partitions: PARTITIONS },
    ]);
    const builder = new StreamsBuilder({ defaultKeySerde: Serdes.String(), defaultValueSerde: Serdes.String() });
    builder
      .stream<string, string>(input)
      .groupByKey()
      .windowedBy(TimeWindows.ofSizeAndGrace(WINDOW_MS, 3_600_000)) // records in any time order, none late
      .count(Materialized.as<string, number>(WINDOW_STORE))
      .toStream()
      .map((window, count) => ({ key: `${window.key}@${window.window.startMs}`, value: String(count) }))
      .to(output, Produced.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() }));
    const streams = await harness.startRunning(builder.build(), applicationId, {
      stateDir: stateDirs.create(),
      commitIntervalMs: 600_000, // only the final commit (close) flushes, unless an eviction does
      cacheMaxBytes,
    });
    for (let i = 0; i < records.length; i += 1_000) await produce(client, input, records.slice(i, i + 1_000));
    // Interactive queries read through the cache: the exact window counts before anything was committed.
    const counts = () => {
      const all: Record<string, number> = {};
      for (const { key, value } of streams.store<string, number, 'window'>(WINDOW_STORE, 'window').all())
        all[`${key.key}@${key.window.startMs}`] = value;
      return all;
    };
    await waitFor(
      async () => JSON.stringify(sorted(counts())) === JSON.stringify(sorted(expected)),
      60_000,
      'the window store to answer the reference counts',
    );
    await checkWhileCached?.(() => readAll(client, output, { idleMs: 1_500, isolation: 'read_uncommitted' }));
    await streams.close({ timeoutMs: 20_000 });
    return {
      output: await readAll(client, output, { idleMs: 2_000 }),
      changelog: await readAll(client, changelogTopicName(applicationId, WINDOW_STORE), {
        idleMs: 2_000,
        valueEncoding: 'hex',
        keyEncoding: 'hex',
      }),
    };
  }

  it('merges the updates to a window between commits: far fewer changelog and output records, exact window counts', async () => {
    const { records, expected } = windowedUpdates(5, 3, 5_000, 13);
    const windows = Object.keys(expected).length; // 15
    const cached = await countWindowsWithCache(records, expected, 10 * 1024 * 1024, async (outputSoFar) => {
      // Nothing committed yet, nothing evicted: nothing has left the cache.
      expect(await outputSoFar()).toHaveLength(0);
    });
    const uncached = await countWindowsWithCache(records, expected, 0);
    process.stderr.write(
      `[cache] 5,000 updates to ${windows} windows: output ${cached.output.length} records cached vs ` +
        `${uncached.output.length} uncached; changelog ${cached.changelog.length} vs ${uncached.changelog.length}\n`,
    );
    // One record per window, written by the flush of the closing commit.
    expect(cached.output).toHaveLength(windows);
    expect(cached.changelog).toHaveLength(windows);
    expect(uncached.output).toHaveLength(5_000);
    expect(uncached.changelog).toHaveLength(5_000);
    expect(sorted(lastOf(byKey(cached.output, Number)))).toEqual(sorted(expected));
    expect(Object.values(lastOf(byKey(cached.changelog, int64))).sort((a, b) => a - b)).toEqual(
      Object.values(expected).sort((a, b) => a - b),
    );
    expect(sorted(lastOf(byKey(uncached.output, Number)))).toEqual(sorted(expected));
  });

  it('windows under a tiny budget: evictions forward each window in increasing order, exact final counts', async () => {
    const { records, expected } = windowedUpdates(60, 3, 6_000, 17);
    const { output, changelog } = await countWindowsWithCache(records, expected, 3_000);
    process.stderr.write(
      `[cache] 6,000 updates to ${Object.keys(expected).length} windows, 3,000-byte cache: ${output.length} output ` +
        `and ${changelog.length} changelog records\n`,
    );
    const outputs = byKey(output, Number);
    expect([...outputs.values()].filter((values) => !increasing(values))).toEqual([]);
    expect([...byKey(changelog, int64).values()].filter((values) => !increasing(values))).toEqual([]);
    expect(sorted(lastOf(outputs))).toEqual(sorted(expected));
    expect(output.length).toBeGreaterThan(Object.keys(expected).length);
    expect(output.length).toBeLessThan(6_000);
    expect(changelog).toHaveLength(output.length);
  });

  it('exactly-once with the cache: an instance killed with SIGKILL and restarted ends with the exact counts', async () => {
    const input = uniqueName('cache-eos-in');
    const output = uniqueName('cache-eos-out');
    await createTopics(admin, [
      { topic: input, partitions: 4 },
      { topic: output, partitions: 4 },
    ]);
    const vocabulary = Array.from({ length: 50 }, (_, i) => `w${i}`);
    const sentences = randomSentences(4_000, { seed: 23, vocabulary, words: 10 });
    const expected = referenceCounts(sentences);
    const totalWords = Object.values(expected).reduce((sum, n) => sum + n, 0);
    const config = {
      bootstrap: bootstrapServers().join(','),
      applicationId: uniqueName('cache-eos-app'),
      input,
      output,
      stateDir: stateDirs.create(),
      processingGuarantee: 'exactly_once' as const,
      commitIntervalMs: 1_000,
      cacheMaxBytes: 10 * 1024 * 1024,
    };
    let app = new AppProcess(config);
    await waitRunning([app], 90_000, 'the instance to be RUNNING');
    const records = sentences.map((value, i) => ({ key: `s${i}`, value }));
    for (let i = 0; i < records.length; i += 1_000) await produce(client, input, records.slice(i, i + 1_000));
    const countsOf = async (instance: AppProcess): Promise<Record<string, number>> =>
      (await instance.all().catch(() => undefined)) ?? {};
    const counted = async (instance: AppProcess) =>
      Object.values(await countsOf(instance)).reduce((sum, n) => sum + n, 0);
    await waitFor(async () => (await counted(app)) >= totalWords / 3, 90_000, 'a third of the words counted');
    await app.crash();
    app = new AppProcess(config);
    await waitRunning([app], 90_000, 'the restarted instance to be RUNNING');
    await waitFor(
      async () => JSON.stringify(sorted(await countsOf(app))) === JSON.stringify(sorted(expected)),
      120_000,
      'the store to hold the reference counts',
    );
    await app.stop();
    const produced = await readAll(client, output, { idleMs: 5_000, timeoutMs: 60_000 });
    const outputs = byKey(produced, Number);
    process.stderr.write(
      `[cache] exactly-once after SIGKILL: ${produced.length} output records for ${totalWords} words\n`,
    );
    expect([...outputs].filter(([, values]) => !increasing(values)).map(([word]) => word)).toEqual([]);
    expect(sorted(lastOf(outputs))).toEqual(sorted(expected));
    expect(produced.length).toBeLessThan(totalWords / 5);
  });

  it('exactly-once with a cached window store: killed with SIGKILL and restarted, the window counts stay exact', async () => {
    const input = uniqueName('wcache-eos-in');
    const output = uniqueName('wcache-eos-out');
    await createTopics(admin, [
      { topic: input, partitions: 4 },
      { topic: output, partitions: 4 },
    ]);
    const { records, expected } = windowedUpdates(10, 3, 20_000, 29);
    const config = {
      bootstrap: bootstrapServers().join(','),
      applicationId: uniqueName('wcache-eos-app'),
      input,
      output,
      stateDir: stateDirs.create(),
      processingGuarantee: 'exactly_once' as const,
      commitIntervalMs: 1_000,
      cacheMaxBytes: 10 * 1024 * 1024,
      fixture: 'cached-window-count-app.ts',
      windowSizeMs: WINDOW_MS,
    };
    let app = new AppProcess(config);
    await waitRunning([app], 90_000, 'the instance to be RUNNING');
    for (let i = 0; i < records.length; i += 1_000) await produce(client, input, records.slice(i, i + 1_000));
    const countsOf = async (instance: AppProcess): Promise<Record<string, number>> =>
      (await instance.all().catch(() => undefined)) ?? {};
    const counted = async (instance: AppProcess) =>
      Object.values(await countsOf(instance)).reduce((sum, n) => sum + n, 0);
    await waitFor(async () => (await counted(app)) >= records.length / 3, 90_000, 'a third of the records counted');
    await app.crash();
    app = new AppProcess(config);
    await waitRunning([app], 90_000, 'the restarted instance to be RUNNING');
    await waitFor(
      async () => JSON.stringify(sorted(await countsOf(app))) === JSON.stringify(sorted(expected)),
      120_000,
      'the window store to hold the reference counts',
    );
    await app.stop();
    const produced = await readAll(client, output, { idleMs: 5_000, timeoutMs: 60_000 });
    const outputs = byKey(produced, Number);
    process.stderr.write(
      `[cache] windowed, exactly-once after SIGKILL: ${produced.length} output records for ${records.length} updates ` +
        `to ${Object.keys(expected).length} windows\n`,
    );
    expect([...outputs].filter(([, values]) => !increasing(values)).map(([window]) => window)).toEqual([]);
    expect(sorted(lastOf(outputs))).toEqual(sorted(expected));
    expect(produced.length).toBeLessThan(records.length / 5);
  });
});
