// Window and session stores on disk under the real runtime: a windowed count and a session count over records
// spread across many time segments (so old segments are dropped as time passes), read through interactive
// queries, then after a clean restart (the segments reopened, nothing restored) and after the state directory
// is deleted (everything restored from the changelogs): the same answers each time, equal to a reference.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin } from 'kafkajs';
import {
  Consumed,
  type KafkaStreams,
  Materialized,
  Serdes,
  SessionWindows,
  StreamsBuilder,
  TimeWindows,
} from '../../src/index.js';
import { createTopics, kafka, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { produce, StreamsHarness } from './support/streams-harness.js';
import { TempDirs } from './support/temp-dirs.js';

jest.setTimeout(120_000);

const MINUTE = 60_000;
const WINDOW_MS = MINUTE;
const RETENTION_MS = 4 * MINUTE; // segments of 2 minutes
const GAP_MS = 30_000;
const KEYS = ['a', 'b', 'c', 'd', 'e'];
const RECORDS = 600;
const STEP_MS = 3_000; // 600 records over 30 minutes: 15 segments, of which 3 stay live

// Recent timestamps (the broker would soon delete records from 1970), aligned to whole windows.
const BASE_MS = Math.floor((Date.now() - 3_600_000) / (10 * MINUTE)) * 10 * MINUTE;

/** Record i: key KEYS[i % 5] at i * STEP_MS; key 'e' only every 20th step, so its sessions break on the gap. */
const records = Array.from({ length: RECORDS }, (_, i) => ({
  key: KEYS[i % KEYS.length]!,
  timestamp: BASE_MS + i * STEP_MS,
}))
  .filter(({ key }, i) => key !== 'e' || i % 20 === 4)
  .map((r) => ({ ...r, value: 'x' }));

const newestTimestamp = records.at(-1)!.timestamp;
const newestWindowStart = newestTimestamp - (newestTimestamp % WINDOW_MS);

function referenceWindows(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { key, timestamp } of records) {
    const start = timestamp - (timestamp % WINDOW_MS);
    if (start < newestWindowStart - RETENTION_MS) continue;
    counts.set(`${key}@${start}`, (counts.get(`${key}@${start}`) ?? 0) + 1);
  }
  return counts;
}

describe('window and session stores on disk', () => {
  const client = kafka();
  const harness = new StreamsHarness();
  const stateDirs = new TempDirs('streamkit-windowed');
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

  /** Not cached: the queries below read the stores themselves (a cache would still answer for expired windows). */
  function topology(input: string) {
    const builder = new StreamsBuilder();
    const grouped = builder
      .stream(input, Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() }))
      .groupByKey();
    grouped
      .windowedBy(TimeWindows.ofSizeWithNoGrace(WINDOW_MS))
      .count(Materialized.as<string, number>('per-minute').withRetention(RETENTION_MS).withCachingDisabled());
    grouped
      .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(GAP_MS))
      .count(Materialized.as<string, number>('sessions').withRetention(RETENTION_MS).withCachingDisabled());
    return builder.build();
  }

  const windowsOf = (streams: KafkaStreams): Map<string, number> =>
    new Map(
      streams
        .store<string, number, 'window'>('per-minute', 'window')
        .all()
        .map(({ key, value }) => [`${key.key}@${key.window.startMs}`, value]),
    );

  const sessionsOf = (streams: KafkaStreams): string[] =>
    streams
      .store<string, number, 'session'>('sessions', 'session')
      .all()
      .map(({ key, value }) => `${key.key}:${key.window.startMs}-${key.window.endMs}=${value}`)
      .sort();

  it('answers the same after a clean restart and after a full restore, and drops expired segments', async () => {
    const input = uniqueName('windowed-in');
    await createTopics(admin, [{ topic: input, partitions: 2 }]);
    await produce(client, input, records);
    const applicationId = uniqueName('windowed-app');
    const stateDir = stateDirs.create();
    const expected = referenceWindows();

    const first = await harness.startRunning(topology(input), applicationId, { stateDir });
    await waitFor(
      () => windowsOf(first).size === expected.size && [...expected].every(([k, v]) => windowsOf(first).get(k) === v),
      60_000,
      () => `the windowed counts (have ${windowsOf(first).size} of ${expected.size} windows)`,
    );
    const sessions = sessionsOf(first);
    // Sessions of a, b, c, d run without a break; those of e are single records 60 s apart.
    expect(sessions.filter((s) => s.startsWith('a:'))).toHaveLength(1);
    expect(sessions.filter((s) => s.startsWith('e:')).every((s) => s.endsWith('=1'))).toBe(true);
    await harness.closeAll();
    // 15 segments were written per store and task; of 2-minute segments under a 4-minute retention at most 3
    // are live (and one being filled).
    const taskDirs = readdirSync(join(stateDir, applicationId)).filter((name) => /^\d+_\d+$/.test(name));
    expect(taskDirs.length).toBeGreaterThan(0);
    for (const task of taskDirs) {
      for (const store of ['per-minute', 'sessions']) {
        const segments = readdirSync(join(stateDir, applicationId, task, store)).filter((f) =>
          /^segment-.*\.db$/.test(f),
        );
        expect(segments.length).toBeGreaterThan(0);
        expect(segments.length).toBeLessThanOrEqual(4);
      }
    }

    const again = await harness.startRunning(topology(input), applicationId, { stateDir });
    expect(windowsOf(again)).toEqual(expected);
    expect(sessionsOf(again)).toEqual(sessions);
    await harness.closeAll();

    rmSync(stateDir, { recursive: true, force: true });
    const restored = await harness.startRunning(topology(input), applicationId, { stateDir });
    expect(windowsOf(restored)).toEqual(expected);
    expect(sessionsOf(restored)).toEqual(sessions);
  });
});
