// Metrics, health and trace context of a running word count on the real broker (in-process instances): what the
// Prometheus registry shows while it catches up, after a restart that restores its stores, and across a rebalance;
// readiness only once restored; an input record's traceparent on the output records, through the repartition topic.
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { Registry } from 'prom-client';
import { createTopics, kafka, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { registerStreamsMetrics } from '../../src/observability/prometheus/index.js';
import type { StreamsHealth } from '../../src/runtime/streams-health.js';
import type { StateRestoreListener } from '../../src/index.js';
import { tokenCountTopology } from '../support/token-count-topology.js';
import { produce, StreamsHarness } from './support/streams-harness.js';
import { TempDirs } from './support/temp-dirs.js';

jest.setTimeout(120_000);

/** The figures below count every update (one changelog record per count update): no record cache. */
const NO_CACHE = 0;

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const TRACEPARENT = `00-${TRACE_ID}-b7ad6b7169203331-01`;
const VOCABULARY = Array.from({ length: 300 }, (_, i) => `word${i}`);
const SENTENCES = Array.from({ length: 600 }, (_, i) =>
  [0, 1, 2].map((k) => VOCABULARY[(i * 7 + k * 31) % VOCABULARY.length]).join(' '),
);
const TRACED_SENTENCE = 'tracedword';
const WORDS = SENTENCES.reduce((n, s) => n + s.split(' ').length, 0) + 1;

interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The samples of one metric in Prometheus' text format. */
function samples(text: string, name: string): Sample[] {
  const result: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    result.push({ labels, value: Number(match[3]) });
  }
  return result;
}

const total = (text: string, name: string, where: (labels: Sample['labels']) => boolean = () => true) =>
  samples(text, name)
    .filter((s) => where(s.labels))
    .reduce((sum, s) => sum + s.value, 0);

/** No lag on the four partitions an instance running every task reads: two each of the input and repartition topic. */
function caughtUp(text: string): boolean {
  const lags = samples(text, 'kafka_streams_consumer_lag');
  return lags.length === 4 && lags.every((s) => s.value === 0);
}

describe('observability of a running word count', () => {
  const client = kafka();
  const harness = new StreamsHarness();
  const stateDirs = new TempDirs('streamkit-observability');
  let admin: Admin;

  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
  });
  afterEach(() => harness.closeAll());
  afterAll(async () => {
    await admin.disconnect();
    stateDirs.removeAll();
  });

  it('shows processing, lag, commits, stores, restores and rebalances; ready once restored; traces reach the output', async () => {
    const input = uniqueName('obs-sentences');
    const counts = uniqueName('obs-counts');
    const windowed = uniqueName('obs-windowed');
    const applicationId = uniqueName('obs-app');
    await createTopics(admin, [
      { topic: input, partitions: 2 },
      { topic: counts, partitions: 2 },
      { topic: windowed, partitions: 2 },
    ]);
    const topology = () =>
      tokenCountTopology({
        inputTopic: input,
        outputTopic: counts,
        windowedOutputTopic: windowed,
        windowSizeMs: 60_000,
        graceMs: 60_000,
      });
    await produce(client, input, [
      ...SENTENCES.map((value, i) => ({ key: `s${i}`, value })),
      { key: 'traced', value: TRACED_SENTENCE, headers: { traceparent: TRACEPARENT } },
    ]);

    // 1. A first instance catches up.
    const firstRegistry = new Registry();
    const first = harness.create(topology(), applicationId, { stateDir: stateDirs.create(), cacheMaxBytes: NO_CACHE });
    registerStreamsMetrics(first, { registry: firstRegistry });
    await first.start();
    let text = '';
    await waitFor(
      async () => {
        text = await firstRegistry.metrics();
        return (
          caughtUp(text) &&
          total(text, 'kafka_streams_records_processed_total') >= SENTENCES.length + 1 + WORDS &&
          first.state === 'RUNNING'
        );
      },
      60_000,
      'the first instance to catch up',
    );
    // Sub-topology 0 processed every sentence, sub-topology 1 every word read back from the repartition topic.
    expect(total(text, 'kafka_streams_records_processed_total')).toBe(SENTENCES.length + 1 + WORDS);
    expect(total(text, 'kafka_streams_records_processed_total', (l) => l.task!.startsWith('1_'))).toBe(WORDS);
    expect(total(text, 'kafka_streams_process_latency_seconds_count')).toBe(SENTENCES.length + 1 + WORDS);
    expect(total(text, 'kafka_streams_state', (l) => l.state === 'RUNNING')).toBe(1);
    expect(total(text, 'kafka_streams_state')).toBe(1);
    expect(total(text, 'kafka_streams_active_tasks')).toBe(4);
    expect(total(text, 'kafka_streams_rebalances_total')).toBeGreaterThanOrEqual(1);
    expect(total(text, 'kafka_streams_store_entries', (l) => l.store === 'word-counts')).toBe(VOCABULARY.length + 1);
    await waitFor(
      async () => total(await firstRegistry.metrics(), 'kafka_streams_commit_latency_seconds_count') > 0,
      10_000,
      'a commit',
    );
    expect(first.health()).toEqual({ live: true, ready: true, reason: 'running' });

    const traced = await readWithHeaders(counts, (key) => key === TRACED_SENTENCE);
    expect(traced.headers.traceparent).toBe(TRACEPARENT);
    expect(await first.close({ timeoutMs: 10_000 })).toBe(true);

    // 2. A second instance with an empty state directory restores the stores from their changelogs.
    const duringRestore: StreamsHealth[] = [];
    const remainingAtStart: number[] = [];
    const restoreListener: StateRestoreListener = {
      onRestoreStart: (store) => {
        duringRestore.push(second.health());
        const progress = second.metrics().restoreProgress.filter((p) => p.store === store && !p.done);
        remainingAtStart.push(...progress.map((p) => p.remaining));
      },
      onBatchRestored: () => duringRestore.push(second.health()),
      onRestoreEnd: () => {},
    };
    const secondRegistry = new Registry();
    // The listener reads `second` only once it restores, after start().
    const second = harness.create(topology(), applicationId, {
      stateDir: stateDirs.create(),
      restoreListener,
      cacheMaxBytes: NO_CACHE,
    });
    registerStreamsMetrics(second, { registry: secondRegistry });
    await second.start();
    await waitFor(() => second.health().ready, 60_000, 'the second instance to be ready');
    expect(duringRestore.length).toBeGreaterThan(0);
    expect(duringRestore.every((h) => h.live && !h.ready && h.reason.startsWith('restoring'))).toBe(true);
    expect(remainingAtStart.length).toBeGreaterThan(0);
    expect(remainingAtStart.every((n) => n > 0)).toBe(true);
    text = await secondRegistry.metrics();
    const restored = total(text, 'kafka_streams_restored_records_total', (l) => l.store === 'word-counts');
    // One changelog record per count update, not yet compacted.
    expect(restored).toBe(WORDS);
    expect(total(text, 'kafka_streams_restores_completed_total', (l) => l.store === 'word-counts')).toBe(2);
    const remaining = samples(text, 'kafka_streams_restore_remaining_records');
    expect(
      remaining
        .filter((s) => s.labels.store === 'word-counts')
        .map((s) => s.labels.partition)
        .sort(),
    ).toEqual(['0', '1']);
    expect(remaining.every((s) => s.value === 0)).toBe(true);
    expect(total(text, 'kafka_streams_store_entries', (l) => l.store === 'word-counts')).toBe(VOCABULARY.length + 1);
    // Nothing new to fetch: the lag comes from the committed offsets the first instance left.
    await waitFor(
      async () => caughtUp(await secondRegistry.metrics()),
      10_000,
      'the consumer lag of the second instance',
    );
    const rebalancesBefore = total(text, 'kafka_streams_rebalances_total');

    // 3. A third instance joins: the group rebalances and the second instance gives tasks up.
    const third = harness.create(topology(), applicationId, { stateDir: stateDirs.create(), cacheMaxBytes: NO_CACHE });
    await third.start();
    await waitFor(
      async () => {
        text = await secondRegistry.metrics();
        const lags = samples(text, 'kafka_streams_consumer_lag');
        return (
          total(text, 'kafka_streams_rebalances_total') > rebalancesBefore &&
          total(text, 'kafka_streams_active_tasks') < 4 &&
          lags.length === total(text, 'kafka_streams_active_tasks') &&
          second.state === 'RUNNING'
        );
      },
      60_000,
      'a rebalance that moves tasks to the third instance',
    );
    expect(second.health().ready).toBe(true);
  });

  it('under exactly-once: counts committed transactions, and the lag of transactionally written partitions reaches 0', async () => {
    const input = uniqueName('obs-eos-sentences');
    const counts = uniqueName('obs-eos-counts');
    const windowed = uniqueName('obs-eos-windowed');
    await createTopics(admin, [
      { topic: input, partitions: 2 },
      { topic: counts, partitions: 2 },
      { topic: windowed, partitions: 2 },
    ]);
    const sentences = SENTENCES.slice(0, 200);
    await produce(
      client,
      input,
      sentences.map((value, i) => ({ key: `s${i}`, value })),
    );

    const applicationId = uniqueName('obs-eos-app');
    const topology = () =>
      tokenCountTopology({
        inputTopic: input,
        outputTopic: counts,
        windowedOutputTopic: windowed,
        windowSizeMs: 60_000,
        graceMs: 60_000,
      });
    const registry = new Registry();
    const streams = harness.create(topology(), applicationId, {
      cacheMaxBytes: NO_CACHE,
      stateDir: stateDirs.create(),
      processingGuarantee: 'exactly_once',
    });
    registerStreamsMetrics(streams, { registry });
    await streams.start();
    const words = sentences.length * 3;
    let text = '';
    await waitFor(
      async () => {
        text = await registry.metrics();
        // The repartition topic's partitions end with a transaction marker: the position must move past it.
        return caughtUp(text) && total(text, 'kafka_streams_records_processed_total') === sentences.length + words;
      },
      60_000,
      'the exactly-once instance to catch up',
    );
    expect(total(text, 'kafka_streams_transactions_committed_total')).toBeGreaterThan(0);
    expect(total(text, 'kafka_streams_transaction_aborts_total')).toBe(0);
    expect(streams.health().ready).toBe(true);
    expect(await streams.close({ timeoutMs: 10_000 })).toBe(true);

    // A restarted instance has nothing to process, but its committed offsets stop short of the transaction markers
    // that end the repartition partitions: the lag reaches 0 only once it fetched past them.
    const restartedRegistry = new Registry();
    const restarted = harness.create(topology(), applicationId, {
      cacheMaxBytes: NO_CACHE,
      stateDir: stateDirs.create(),
      processingGuarantee: 'exactly_once',
    });
    registerStreamsMetrics(restarted, { registry: restartedRegistry });
    await restarted.start();
    await waitFor(
      async () => caughtUp(await restartedRegistry.metrics()),
      30_000,
      'the restarted instance to report no lag',
    );
  });

  /** The first record of `topic` whose key matches, with its headers as strings. */
  async function readWithHeaders(
    topic: string,
    wanted: (key: string) => boolean,
  ): Promise<{ key: string; headers: Record<string, string> }> {
    const consumer = client.consumer({ groupId: uniqueName('obs-reader'), maxWaitTimeInMs: 200 });
    let found: { key: string; headers: Record<string, string> } | undefined;
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const key = message.key?.toString() ?? '';
        if (found || !wanted(key)) return;
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
        );
        found = { key, headers };
      },
    });
    try {
      await waitFor(() => found !== undefined, 30_000, `a record of ${topic} with the wanted key`);
    } finally {
      await consumer.disconnect();
    }
    return found!;
  }
});
