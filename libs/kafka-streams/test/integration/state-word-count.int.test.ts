// State stores under the real runtime, with the application in a child process (fixtures/word-count-app.ts,
// run from the built dist/): counts through interactive queries and on the output topic, crash recovery,
// checkpointed restarts that restore only the tail, full restores, and a second instance taking over tasks.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { rmSync } from 'node:fs';
import type { Admin } from 'kafkajs';
import { bootstrapServers, createTopics, kafka, readAll, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { AppProcess, changelogSize, type AppConfig, waitRunning } from './fixtures/app-process.js';
import { produce } from './support/streams-harness.js';
import { randomSentences, referenceCounts } from './support/sentences.js';
import { TempDirs } from './support/temp-dirs.js';

jest.setTimeout(180_000);

const VOCABULARY = Array.from({ length: 40 }, (_, i) => `word${i}`);

const sentences = (count: number, seed: number) =>
  randomSentences(count, { seed, vocabulary: VOCABULARY, words: [1, 6] });

const asRecords = (all: ReadonlyArray<string>, from = 0) =>
  all.map((value, i) => ({ key: `sentence-${from + i}`, value }));

describe('state stores in a running application (child process)', () => {
  const client = kafka();
  let admin: Admin;
  const stateDirs = new TempDirs('streamkit-state');

  async function setup(partitions = 4): Promise<Omit<AppConfig, 'stateDir'>> {
    const input = uniqueName('wc-in');
    const output = uniqueName('wc-out');
    await createTopics(admin, [
      { topic: input, partitions },
      { topic: output, partitions },
    ]);
    return { bootstrap: bootstrapServers().join(','), applicationId: uniqueName('wc-app'), input, output };
  }

  async function startApp(config: AppConfig): Promise<AppProcess> {
    const app = new AppProcess(config);
    await waitRunning([app], 60_000, `${config.applicationId} to be RUNNING`);
    return app;
  }

  async function waitForCounts(app: AppProcess, expected: Record<string, number>, what: string): Promise<void> {
    let last: Record<string, number> | undefined;
    await waitFor(
      async () => {
        last = await app.all();
        return last !== undefined && JSON.stringify(sorted(last)) === JSON.stringify(sorted(expected));
      },
      60_000,
      `${what} (last seen: ${JSON.stringify(last)})`,
    ).catch((error: Error) => {
      process.stderr.write(
        `[state] app events: ${JSON.stringify(app.events.slice(-30))}\n${app.stderr.slice(-3000)}\n`,
      );
      expect(last).toEqual(expected); // a readable diff
      throw error;
    });
  }

  async function latestOutput(topic: string): Promise<Record<string, number>> {
    const records = await readAll(client, topic, { idleMs: 3_000 });
    const latest: Record<string, { offset: bigint; value: number }> = {};
    for (const r of records) {
      const offset = BigInt(r.offset);
      const current = latest[r.key!];
      if (!current || current.offset < offset) latest[r.key!] = { offset, value: Number(r.value) };
    }
    return Object.fromEntries(Object.entries(latest).map(([k, v]) => [k, v.value]));
  }

  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
  });

  afterAll(async () => {
    AppProcess.killAll();
    await admin.disconnect();
    stateDirs.removeAll();
  });

  describe('one application across restarts', () => {
    let config: AppConfig;
    const all = sentences(400, 7);
    const expected = referenceCounts(all);

    it('counts words over a multi-partition topic: IQ and the output topic equal a reference count', async () => {
      config = { ...(await setup()), stateDir: stateDirs.create() };
      await produce(client, config.input, asRecords(all));
      const app = await startApp(config);
      await waitForCounts(app, expected, 'the store to hold the reference counts');
      expect(await app.query('/get?key=word3')).toEqual({ status: 200, body: { value: expected.word3 } });
      expect((await app.query<{ approximate: number }>('/count')).body.approximate).toBe(Object.keys(expected).length);
      expect(await latestOutput(config.output)).toEqual(expected);
      const changelogTopic = `${config.applicationId}-word-counts-changelog`;
      const [metadata] = (await admin.fetchTopicMetadata({ topics: [changelogTopic] })).topics;
      expect(metadata?.partitions).toHaveLength(4);
      await app.stop();
      expect(app.events.some((e) => e.event === 'closed' && e.clean === true)).toBe(true);
    });

    it('restarts cleanly with its state directory and restores only the changelog tail', async () => {
      const size = await changelogSize(admin, config.applicationId);
      const app = await startApp(config);
      await waitForCounts(app, expected, 'the restarted store');
      const restored = app.restoredByListener();
      process.stderr.write(`[state] clean restart restored ${restored} of ${size} changelog records\n`);
      expect(restored).toBeLessThanOrEqual(size * 0.05);
      expect(restored).toBe(0);
      await app.stop();
    });

    it('restores everything when the state directory is deleted, with identical query results', async () => {
      rmSync(config.stateDir, { recursive: true, force: true });
      const size = await changelogSize(admin, config.applicationId);
      const app = await startApp(config);
      await waitForCounts(app, expected, 'the fully restored store');
      const restored = app.restoredByListener();
      process.stderr.write(`[state] full restore: ${restored} of ${size} changelog records\n`);
      expect(restored).toBeGreaterThanOrEqual(Object.keys(expected).length);
      expect(restored).toBeLessThanOrEqual(size);
      expect((await app.metrics()).restore['word-counts']?.recordsRestored).toBe(restored);
      await app.stop();
    });
  });

  it('loses no count when killed with SIGKILL mid-stream (at-least-once: counts may only grow)', async () => {
    const config = { ...(await setup()), stateDir: stateDirs.create() };
    const all = sentences(3_000, 11);
    const expected = referenceCounts(all);
    await produce(client, config.input, asRecords(all.slice(0, 1_500)));
    const first = await startApp(config);
    await waitFor(async () => Object.keys((await first.all()) ?? {}).length > 0, 30_000, 'first counts');
    await produce(client, config.input, asRecords(all.slice(1_500), 1_500));
    await first.crash();

    const second = await startApp(config);
    let last: Record<string, number> = {};
    await waitFor(
      async () => {
        last = (await second.all()) ?? {};
        return Object.entries(expected).every(([word, count]) => (last[word] ?? 0) >= count);
      },
      60_000,
      'every count to reach the reference',
    );
    for (const [word, count] of Object.entries(expected)) expect(last[word]).toBeGreaterThanOrEqual(count);
    const overCounted = Object.entries(expected).reduce((sum, [word, count]) => sum + (last[word]! - count), 0);
    process.stderr.write(`[state] after SIGKILL: ${overCounted} over-counted words (at-least-once replay)\n`);
    // The output's latest value per word is what the store holds: store and changelog/output moved together.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await latestOutput(config.output)).toEqual((await second.all()) ?? {});
    await second.stop();
  });

  it('a second instance takes over half of the tasks and restores their stores from the changelogs', async () => {
    const setupConfig = await setup();
    const all = sentences(600, 23);
    const expected = referenceCounts(all);
    await produce(client, setupConfig.input, asRecords(all));
    const first = await startApp({ ...setupConfig, stateDir: stateDirs.create() });
    await waitForCounts(first, expected, 'the first instance to count everything');

    const second = new AppProcess({ ...setupConfig, stateDir: stateDirs.create() });
    await waitFor(
      async () => {
        // Both counted: under cooperative rebalancing the first instance gives its tasks up one rebalance before
        // the second gets them (the follow-up rebalance of the handover).
        const [a, b] = await Promise.all([
          first.query<{ state: string; metrics: { activeTasks: string[] } }>('/state'),
          second.query<{ state: string; metrics: { activeTasks: string[] } }>('/state').catch(() => undefined),
        ]);
        const stateful = (metrics: { activeTasks: string[] } | undefined) =>
          metrics?.activeTasks.filter((t) => t.startsWith('1_')).length;
        return (
          a.body.state === 'RUNNING' &&
          b?.body.state === 'RUNNING' &&
          stateful(a.body.metrics) === 2 &&
          stateful(b.body.metrics) === 2
        );
      },
      60_000,
      'both instances RUNNING with two stateful tasks each',
    );
    const tasksOfSecond = (await second.metrics()).activeTasks.filter((t) => t.startsWith('1_'));
    expect(tasksOfSecond).toHaveLength(2);
    expect(second.restoredByListener()).toBeGreaterThan(0);
    expect((await second.metrics()).restore['word-counts']?.recordsRestored).toBe(second.restoredByListener());

    const [ofFirst, ofSecond] = [(await first.all())!, (await second.all())!];
    expect(Object.keys(ofSecond).length).toBeGreaterThan(0);
    expect(Object.keys(ofFirst).filter((word) => word in ofSecond)).toEqual([]);
    expect(sorted({ ...ofFirst, ...ofSecond })).toEqual(sorted(expected));
    for (const word of Object.keys(ofSecond).slice(0, 5)) {
      expect(await second.query(`/get?key=${word}`)).toEqual({ status: 200, body: { value: expected[word] } });
    }
    await Promise.all([second.stop(), first.stop()]);
  });
});

function sorted(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
