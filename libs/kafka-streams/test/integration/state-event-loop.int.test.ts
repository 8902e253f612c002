// A large window store on disk never blocks the event loop for long: restoring it from its changelog on the
// real broker, reopening it from disk after a clean close, and dropping its expired segments, each measured
// with perf_hooks.monitorEventLoopDelay in this process (which runs the application). The bound is generous:
// the delay counts wall time, and on a machine shared by many processes (load ~15 on 2 cores when written) a
// 20 ms slice of work can take 200 ms; the figures go to stderr, the unloaded ones to bench/README.md.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { Consumed, Materialized, Serdes, StreamsBuilder, TimeWindows } from '../../src/index.js';
import { changelogTopicName } from '../../src/state/changelog-topic-name.js';
import { createTopics, kafka, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { produce, StreamsHarness } from './support/streams-harness.js';
import { TempDirs } from './support/temp-dirs.js';

jest.setTimeout(300_000);

const ENTRIES = Number(process.env.STATE_EVENT_LOOP_ENTRIES ?? 200_000);
const KEYS = 2_000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const RETENTION_MS = 2 * HOUR; // segments of one hour
const BOUND_MS = 500;
const STORE = 'latest-per-minute';
// Old enough that a record ten hours later is still in the past (the broker refuses future timestamps).
const BASE_MS = Math.floor((Date.now() - 14 * HOUR) / HOUR) * HOUR;

const keyOf = (i: number): string => `key-${String(i % KEYS).padStart(5, '0')}`;
/** Entry i: a window of key i % KEYS, the (i / KEYS)-th minute: all within 100 minutes, so all retained. */
const startOf = (i: number): number => BASE_MS + Math.floor(i / KEYS) * MINUTE;

function changelogKey(key: string, startMs: number): Buffer {
  const bytes = Buffer.from(key);
  const out = Buffer.alloc(bytes.length + 8);
  bytes.copy(out);
  out.writeBigInt64BE(BigInt(startMs), bytes.length);
  return out;
}

async function longestBlockMs<T>(action: () => Promise<T>): Promise<{ result: T; longestMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  try {
    const result = await action();
    return { result, longestMs: histogram.max / 1e6 };
  } finally {
    histogram.disable();
  }
}

describe('a large window store and the event loop', () => {
  const client = kafka();
  const harness = new StreamsHarness();
  const stateDirs = new TempDirs('streamkit-event-loop');
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

  it(`restores, reopens and cleans ${ENTRIES} windows without blocking it for ${BOUND_MS} ms`, async () => {
    const input = uniqueName('event-loop-in');
    const applicationId = uniqueName('event-loop-app');
    const changelog = changelogTopicName(applicationId, STORE);
    await createTopics(admin, [
      { topic: input, partitions: 1 },
      { topic: changelog, partitions: 1 },
    ]);
    const producer = client.producer();
    await producer.connect();
    // Batches of the size an application's commits write (every 100 ms).
    for (let from = 0; from < ENTRIES; from += 1_000) {
      const batch = Array.from({ length: Math.min(1_000, ENTRIES - from) }, (_, j) => {
        const i = from + j;
        return { key: changelogKey(keyOf(i), startOf(i)), value: Buffer.from(`v${i}`) };
      });
      await producer.send({ topic: changelog, messages: batch });
    }
    await producer.disconnect();

    const builder = new StreamsBuilder();
    builder
      .stream(input, Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() }))
      .groupByKey()
      .windowedBy(TimeWindows.ofSizeWithNoGrace(MINUTE))
      .reduce((_previous, latest) => latest, Materialized.as<string, string>(STORE).withRetention(RETENTION_MS));
    const topology = builder.build();
    const stateDir = stateDirs.create();
    const view = (streams: Awaited<ReturnType<typeof harness.startRunning>>) =>
      streams.store<string, string, 'window'>(STORE, 'window');

    const restore = await longestBlockMs(async () => {
      const started = Date.now();
      const streams = await harness.startRunning(topology, applicationId, { stateDir });
      return { streams, ms: Date.now() - started };
    });
    const last = ENTRIES - 1;
    expect(view(restore.result.streams).fetch(keyOf(last), startOf(last))).toBe(`v${last}`);
    expect(view(restore.result.streams).approximateNumEntries()).toBe(ENTRIES);
    await harness.closeAll();

    const reopen = await longestBlockMs(async () => {
      const started = Date.now();
      const streams = await harness.startRunning(topology, applicationId, { stateDir });
      return { streams, ms: Date.now() - started };
    });
    const streams = reopen.result.streams;
    expect(view(streams).fetch(keyOf(0), startOf(0))).toBe('v0');

    // A record ten hours later: every segment written so far is past retention and dropped.
    const cleanup = await longestBlockMs(async () => {
      await produce(client, input, [{ key: 'late-key', value: 'now', timestamp: BASE_MS + 10 * HOUR }]);
      await waitFor(() => view(streams).approximateNumEntries() === 1, 60_000, 'the expired segments to be dropped');
    });
    expect(view(streams).fetch(keyOf(0), startOf(0))).toBeUndefined();

    process.stderr.write(
      `[event loop] ${ENTRIES} windows: restore to RUNNING ${restore.result.ms} ms (longest block ${restore.longestMs.toFixed(1)} ms), ` +
        `reopen to RUNNING ${reopen.result.ms} ms (longest block ${reopen.longestMs.toFixed(1)} ms), ` +
        `segment cleanup longest block ${cleanup.longestMs.toFixed(1)} ms\n`,
    );
    expect(restore.longestMs).toBeLessThan(BOUND_MS);
    expect(reopen.longestMs).toBeLessThan(BOUND_MS);
    expect(cleanup.longestMs).toBeLessThan(BOUND_MS);
  });
});
