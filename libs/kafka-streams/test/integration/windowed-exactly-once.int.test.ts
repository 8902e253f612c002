// Exactly-once state after a crash, for the stores that write to disk between commits: window and session stores
// commit their SQLite segments every 4,096 writes, whatever the Kafka transaction does. The application
// (fixtures/windowed-count-app.ts, a child process) first runs and closes cleanly, leaving a checkpoint; a second run
// with a long commit interval processes more than 4,096 updates per store in one open transaction and is killed
// with SIGKILL before it commits; a third run must end with the exact counts, on the read_committed output and in
// the stores. A checkpoint left beside stores holding rows of the aborted transaction would have the third run
// restore only the changelog tail after it and count those rows twice.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { bootstrapServers, createTopics, kafka, readAll, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { AppProcess, type AppConfig, waitRunning } from './fixtures/app-process.js';
import { produce } from './support/streams-harness.js';
import { TempDirs } from './support/temp-dirs.js';

jest.setTimeout(300_000);

const WINDOW_MS = 60_000;
const KEYS = Array.from({ length: 8 }, (_, i) => `k${i}`);
const FIRST_RUN = 1_000;
/** Processed in the transaction the crash leaves open: more than 4,096 writes in each windowed store. */
const KILLED_RUN = 6_000;
const STEP_MS = 40;
// Within one 12-hour segment of the stores (the fixture keeps a day), and recent enough for the broker to keep.
const SEGMENT_MS = 12 * 3_600_000;
const BASE_MS = Math.floor((Date.now() - 2 * 3_600_000) / SEGMENT_MS) * SEGMENT_MS;

const records = Array.from({ length: FIRST_RUN + KILLED_RUN }, (_, i) => ({
  key: KEYS[i % KEYS.length]!,
  value: 'x',
  timestamp: BASE_MS + i * STEP_MS,
}));

/** The fixture's entries after `count` records: windows, one session per key (the gap is 10 minutes), totals. */
function reference(count: number): Record<string, number> {
  const entries: Record<string, number> = {};
  const sessions = new Map<string, { start: number; end: number; count: number }>();
  for (const { key, timestamp } of records.slice(0, count)) {
    const window = `w|${key}@${timestamp - (timestamp % WINDOW_MS)}`;
    entries[window] = (entries[window] ?? 0) + 1;
    entries[`t|${key}`] = (entries[`t|${key}`] ?? 0) + 1;
    const session = sessions.get(key) ?? { start: timestamp, end: timestamp, count: 0 };
    sessions.set(key, { start: session.start, end: timestamp, count: session.count + 1 });
  }
  for (const [key, { start, end, count: n }] of sessions) entries[`s|${key}@${start}-${end}`] = n;
  return sorted(entries);
}

const sorted = (entries: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(entries).sort(([a], [b]) => a.localeCompare(b)));

describe('exactly-once window and session stores after SIGKILL', () => {
  const client = kafka();
  const stateDirs = new TempDirs('streamkit-windowed-eos');
  let admin: Admin;

  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
  });
  afterAll(async () => {
    AppProcess.killAll();
    await admin.disconnect();
    stateDirs.removeAll();
  });

  async function storeEntries(app: AppProcess): Promise<Record<string, number>> {
    return sorted((await app.all().catch(() => undefined)) ?? {});
  }

  /** The stores once the totals (a key-value store) say every record was processed. */
  async function entriesWhenProcessed(app: AppProcess, expected: Record<string, number>, what: string) {
    const totals = (entries: Record<string, number>) =>
      JSON.stringify(Object.entries(entries).filter(([key]) => key.startsWith('t|')));
    let last: Record<string, number> = {};
    await waitFor(
      async () => {
        app.assertNotFailed();
        last = await storeEntries(app);
        return totals(last) === totals(expected);
      },
      150_000,
      () => `${what} (the stores hold ${JSON.stringify(last)})`,
    );
    return storeEntries(app);
  }

  /** The latest value per output key, read_committed; session tombstones drop their session. */
  async function committedOutput(output: string): Promise<Record<string, number>> {
    const latest = new Map<string, string | null>();
    for (const r of await readAll(client, output, { idleMs: 5_000, timeoutMs: 120_000 })) latest.set(r.key!, r.value);
    const entries: Record<string, number> = {};
    for (const [key, value] of latest) if (value !== null) entries[key] = Number(value);
    return sorted(entries);
  }

  it('ends with the exact window, session and total counts after a crash in an open transaction', async () => {
    const input = uniqueName('weos-in');
    const output = uniqueName('weos-out');
    await createTopics(admin, [
      { topic: input, partitions: 1 },
      { topic: output, partitions: 1 },
    ]);
    const config: AppConfig = {
      bootstrap: bootstrapServers().join(','),
      applicationId: uniqueName('weos-app'),
      input,
      output,
      stateDir: stateDirs.create(),
      processingGuarantee: 'exactly_once',
      commitIntervalMs: 500,
      fixture: 'windowed-count-app.ts',
    };

    await produce(client, input, records.slice(0, FIRST_RUN));
    const first = new AppProcess(config);
    await waitRunning([first], 90_000, 'the first run to be RUNNING');
    expect(await entriesWhenProcessed(first, reference(FIRST_RUN), 'the first run')).toEqual(reference(FIRST_RUN));
    await first.stop();
    expect(first.events.some((e) => e.event === 'closed' && e.clean === true)).toBe(true);

    // No commit for 30 s (the transaction timeout becomes 60 s), also once caught up: everything below stays in one
    // open transaction.
    const killed = new AppProcess({ ...config, commitIntervalMs: 30_000, commitWhenCaughtUp: false });
    await waitRunning([killed], 90_000, 'the second run to be RUNNING');
    await produce(client, input, records.slice(FIRST_RUN));
    expect(await entriesWhenProcessed(killed, reference(records.length), 'the second run')).toEqual(
      reference(records.length),
    );
    const { body } = await killed.query<{ transactionsCommitted: number }>('/state');
    // Otherwise the crash would not cut an open transaction holding the updates (a slow machine): nothing shown.
    expect(body.transactionsCommitted).toBe(0);
    await killed.crash();

    const last = new AppProcess(config);
    await waitRunning([last], 150_000, 'the third run to be RUNNING');
    const stores = await entriesWhenProcessed(last, reference(records.length), 'the third run');
    await last.stop();
    const committed = await committedOutput(output);
    expect({ stores, committed }).toEqual({ stores: reference(records.length), committed: reference(records.length) });
  });
});
