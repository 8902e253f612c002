// State-aware assignment on the real broker, with the word count in child processes (fixtures/word-count-app.ts,
// run from the built dist/):
//   - failover: SIGKILL one of three instances; measure the time from its death until its stateful tasks run
//     again elsewhere and the changelog records restored for them, with numStandbyReplicas 1 and 0; the standby
//     takeover must restore fewer records;
//   - restart: an instance stopped cleanly and restarted with its state directory gets its tasks back (sticky)
//     and restores only the changelog tail written while it was away;
//   - warm-up: an instance joining far behind first warms copies up; a probing rebalance then moves the tasks.
// The measured figures are printed ([standby] lines on stderr).
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { bootstrapServers, createTopics, kafka, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { AppProcess, changelogSize, type AppConfig, type AppMetrics } from './fixtures/app-process.js';
import { produce } from './support/streams-harness.js';
import { numberedWords, randomSentences, referenceCounts } from './support/sentences.js';
import { TempDirs } from './support/temp-dirs.js';

// STANDBY_SENTENCES (default 30000) scales the failover measurement; bigger runs need STANDBY_TIMEOUT_MS.
jest.setTimeout(Number(process.env.STANDBY_TIMEOUT_MS ?? 300_000));

const PARTITIONS = 4;
/** Below Kafka's group.min.session.timeout.ms (6 s) the broker refuses to join. */
const SESSION_TIMEOUT_MS = 6_000;

/** `count` sentences of 4 words drawn from `vocabulary` distinct words. */
const sentences = (count: number, vocabulary: number, seed: number) =>
  randomSentences(count, { seed, vocabulary: numberedWords(vocabulary), words: 4 });

const stateful = (tasks: ReadonlyArray<string>) => tasks.filter((t) => t.startsWith('1_')).sort();

describe('state-aware assignment with standby replicas (child processes)', () => {
  const client = kafka();
  let admin: Admin;
  const stateDirs = new TempDirs('streamkit-standby');
  const figures: string[] = [];

  const report = (line: string) => {
    figures.push(line);
    process.stderr.write(`[standby] ${line}\n`);
  };

  async function setup(): Promise<Omit<AppConfig, 'stateDir'>> {
    const input = uniqueName('sb-in');
    const output = uniqueName('sb-out');
    await createTopics(admin, [
      { topic: input, partitions: PARTITIONS },
      { topic: output, partitions: PARTITIONS },
    ]);
    return {
      bootstrap: bootstrapServers().join(','),
      applicationId: uniqueName('sb-app'),
      input,
      output,
      sessionTimeoutMs: SESSION_TIMEOUT_MS,
    };
  }

  async function produceSentences(topic: string, all: ReadonlyArray<string>, from = 0): Promise<void> {
    for (let i = 0; i < all.length; i += 5_000) {
      await produce(
        client,
        topic,
        all.slice(i, i + 5_000).map((value, j) => ({ key: `s-${from + i + j}`, value })),
      );
    }
  }

  async function metricsOf(app: AppProcess): Promise<(AppMetrics & { state: string }) | undefined> {
    try {
      const { status, body } = await app.query<{ state: string; metrics: AppMetrics }>('/state');
      return status === 200 ? { ...body.metrics, state: body.state } : undefined;
    } catch {
      return undefined;
    }
  }

  /** Waits until every app is RUNNING, none restores, and `check` holds for their metrics. */
  async function waitForApps(
    apps: ReadonlyArray<AppProcess>,
    what: string,
    check: (metrics: ReadonlyArray<AppMetrics>) => boolean = () => true,
    timeoutMs = 120_000,
  ): Promise<ReadonlyArray<AppMetrics>> {
    let last: ReadonlyArray<(AppMetrics & { state: string }) | undefined> = [];
    await waitFor(
      async () => {
        for (const app of apps) app.assertNotFailed();
        last = await Promise.all(apps.map(metricsOf));
        const all = last.filter((m) => m !== undefined);
        return (
          all.length === apps.length &&
          all.every((m) => m.state === 'RUNNING' && m.restoringTasks.length === 0) &&
          check(all)
        );
      },
      timeoutMs,
      () =>
        `${what} (last seen: ${JSON.stringify(last.map((m) => m && { state: m.state, active: m.activeTasks, standby: m.standbyTasks }))})`,
    ).catch((error: Error) => {
      for (const app of apps) process.stderr.write(`[standby] events: ${JSON.stringify(app.events.slice(-15))}\n`);
      throw error;
    });
    return last as ReadonlyArray<AppMetrics>;
  }

  /** The union of the apps' stores equals `expected`. */
  async function waitForCounts(apps: ReadonlyArray<AppProcess>, expected: Record<string, number>, what: string) {
    let mismatch = '';
    await waitFor(
      async () => {
        for (const app of apps) app.assertNotFailed();
        // A connection reset while an instance is busy (e.g. restoring) is retried like a 503.
        const parts = await Promise.all(apps.map((app) => app.all().catch(() => undefined)));
        if (parts.some((p) => p === undefined)) {
          mismatch = `not queryable: ${JSON.stringify(await Promise.all(apps.map((app) => app.state())))}`;
          return false;
        }
        const union: Record<string, number> = Object.assign({}, ...parts);
        const wrong = Object.entries(expected).filter(([word, count]) => union[word] !== count);
        const examples = wrong.slice(0, 3).map(([word, count]) => `${word}: ${union[word]} for ${count}`);
        mismatch = `${wrong.length} of ${Object.keys(expected).length} words differ, e.g. ${examples.join(', ')}`;
        return wrong.length === 0 && Object.keys(union).length === Object.keys(expected).length;
      },
      Number(process.env.STANDBY_TIMEOUT_MS ?? 300_000) * 0.6,
      () => `${what} (${mismatch})`,
    );
  }

  /**
   * Waits until the group committed everything in its input and repartition topics. At-least-once, a record
   * processed but not committed when an instance dies is processed again by the next owner (counted twice): the
   * failover compares exact counts, so it kills only once nothing is left uncommitted.
   */
  async function waitForCommitted(config: Omit<AppConfig, 'stateDir'>): Promise<void> {
    const topics = [
      config.input,
      ...(await admin.listTopics()).filter(
        (t) => t.startsWith(`${config.applicationId}-`) && t.endsWith('-repartition'),
      ),
    ];
    let behind: string[] = [];
    await waitFor(
      async () => {
        const committed = await admin.fetchOffsets({ groupId: config.applicationId, topics });
        behind = [];
        for (const topic of topics) {
          const ends = await admin.fetchTopicOffsets(topic);
          const ofTopic = committed.find((c) => c.topic === topic)?.partitions ?? [];
          for (const { partition, high } of ends) {
            const offset = ofTopic.find((p) => p.partition === partition)?.offset ?? '-1';
            if (Number(offset) < Number(high)) behind.push(`${topic}-${partition}: ${offset} < ${high}`);
          }
        }
        return behind.length === 0;
      },
      60_000,
      () => `the group to commit its input (${behind.join(', ')})`,
    );
  }

  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
  });

  afterAll(async () => {
    AppProcess.killAll();
    await admin.disconnect();
    if (figures.length > 0) process.stderr.write(`[standby] summary:\n  ${figures.join('\n  ')}\n`);
    stateDirs.removeAll();
  });

  /** Three instances count; one is SIGKILLed; returns what taking its tasks over cost. */
  async function failover(numStandbyReplicas: number) {
    const config = await setup();
    const apps = [0, 1, 2].map(() => new AppProcess({ ...config, stateDir: stateDirs.create(), numStandbyReplicas }));
    await waitForApps(apps, 'three instances RUNNING with the stateful tasks spread', (all) =>
      all.every((m) => stateful(m.activeTasks).length >= 1),
    );
    const size = Number(process.env.STANDBY_SENTENCES ?? 30_000);
    const all = sentences(size, size, 101 + numStandbyReplicas);
    await produceSentences(config.input, all);
    await waitForCounts(apps, referenceCounts(all), 'the three instances to hold the reference counts');
    const before = await waitForApps(apps, 'standby copies caught up', (metrics) =>
      numStandbyReplicas === 0
        ? true
        : metrics.reduce((n, m) => n + m.standbyTasks.length, 0) >= PARTITIONS &&
          metrics.every((m) => Object.values(m.standby).every((s) => s.lag === 0)),
    );
    for (const [i, m] of before.entries()) {
      for (const task of stateful(m.activeTasks)) expect(m.standbyTasks).not.toContain(task);
      if (numStandbyReplicas === 0) expect(m.standbyTasks).toEqual([]);
      report(`  instance ${i}: active ${stateful(m.activeTasks).join(',')} standby ${m.standbyTasks.join(',')}`);
    }

    await waitForCommitted(config);

    // The instance with the most stateful tasks, so that both runs lose the same share of the state.
    const most = Math.max(...before.map((m) => stateful(m.activeTasks).length));
    const victimIndex = before.findIndex((m) => stateful(m.activeTasks).length === most);
    const victim = apps[victimIndex]!;
    const victimTasks = stateful(before[victimIndex]!.activeTasks);
    const survivors = apps.filter((app) => app !== victim);
    const restoredBefore = survivors.map((app) => app.restoredByListener());
    const changelog = await changelogSize(admin, config.applicationId);
    const killedAt = Date.now();
    await victim.crash();
    await waitForApps(survivors, "the victim's stateful tasks RUNNING on the survivors", (metrics) =>
      victimTasks.every((task) => metrics.some((m) => m.activeTasks.includes(task))),
    );
    const runningAt = Date.now();
    // From the survivors' first state change after the kill (the rebalance began): the takeover proper.
    const rebalancedAt = Math.min(
      ...survivors.map((app) => {
        const event = app.events.find((e) => e.event === 'state' && Number(e.at) >= killedAt);
        return event ? Number(event.at) : runningAt;
      }),
    );
    const restored = survivors.reduce((n, app, i) => n + app.restoredByListener() - restoredBefore[i]!, 0);
    await waitForCounts(survivors, referenceCounts(all), 'the survivors to hold the reference counts');
    const result = {
      deathToRunningMs: runningAt - killedAt,
      rebalanceToRunningMs: runningAt - rebalancedAt,
      restored,
      changelog,
      tasks: victimTasks,
    };
    report(
      `failover numStandbyReplicas=${numStandbyReplicas}: tasks ${victimTasks.join(',')} of the killed instance ` +
        `running elsewhere ${result.deathToRunningMs} ms after SIGKILL (session timeout ${SESSION_TIMEOUT_MS} ms), ` +
        `${result.rebalanceToRunningMs} ms after the rebalance began; ${restored} changelog records restored ` +
        `(changelog: ${changelog} records)`,
    );
    await Promise.all(survivors.map((app) => app.stop()));
    return result;
  }

  it('with a standby replica, a SIGKILLed instance’s tasks are taken over restoring fewer records', async () => {
    const withStandby = await failover(1);
    const withoutStandby = await failover(0);
    expect(withoutStandby.restored).toBeGreaterThan(0);
    expect(withStandby.restored).toBeLessThan(withoutStandby.restored);
    report(
      `standby takeover restored ${withStandby.restored} records vs ${withoutStandby.restored} without; ` +
        `takeover after the rebalance began ${withStandby.rebalanceToRunningMs} ms vs ${withoutStandby.rebalanceToRunningMs} ms`,
    );
  });

  it('an instance restarted with its state directory gets its tasks back and restores only the tail', async () => {
    const config = await setup();
    const dirs = [stateDirs.create(), stateDirs.create()];
    const [a, b] = dirs.map((stateDir) => new AppProcess({ ...config, stateDir })) as [AppProcess, AppProcess];
    await waitForApps([a, b], 'two instances RUNNING with two stateful tasks each', (all) =>
      all.every((m) => stateful(m.activeTasks).length === 2),
    );
    const first = sentences(20_000, 20_000, 7);
    await produceSentences(config.input, first);
    await waitForCounts([a, b], referenceCounts(first), 'both instances to hold the reference counts');
    const tasksOfA = stateful((await a.metrics()).activeTasks);

    await a.stop(); // SIGTERM: final commit, checkpoints, leaves the group
    await waitForApps(
      [b],
      'the other instance running every task',
      (all) => stateful(all[0]!.activeTasks).length === 4,
    );
    // Changes while "a" is away: the tail its copies lack.
    const tail = sentences(2_000, 20_000, 8);
    await produceSentences(config.input, tail, first.length);
    const everything = [...first, ...tail];
    await waitForCounts([b], referenceCounts(everything), 'the remaining instance to count the tail');
    const size = await changelogSize(admin, config.applicationId);

    const startedAt = Date.now();
    const restarted = new AppProcess({ ...config, stateDir: dirs[0]! });
    const [metricsOfA] = await waitForApps([restarted, b], 'the restarted instance running two stateful tasks', (all) =>
      all.every((m) => stateful(m.activeTasks).length === 2),
    );
    const restartMs = Date.now() - startedAt;
    expect(stateful(metricsOfA!.activeTasks)).toEqual(tasksOfA);
    const restored = restarted.restoredByListener();
    const tailRecords = tail.length * 4;
    report(
      `clean restart with the state directory: tasks ${tasksOfA.join(',')} back on the same instance, ` +
        `RUNNING ${restartMs} ms after spawn, ${restored} changelog records restored ` +
        `(tail written while away: <= ${tailRecords}; changelog: ${size})`,
    );
    expect(restored).toBeGreaterThan(0);
    expect(restored).toBeLessThanOrEqual(tailRecords);
    await waitForCounts(
      [restarted, b],
      referenceCounts(everything),
      'the restarted instance to serve the reference counts',
    );
    await Promise.all([restarted.stop(), b.stop()]);
  });

  it('an instance joining far behind warms copies up first, and takes the tasks over after a probing rebalance', async () => {
    const config = {
      ...(await setup()),
      acceptableRecoveryLag: 1_000,
      probingRebalanceIntervalMs: 3_000,
    };
    const [a, b] = [0, 1].map(() => new AppProcess({ ...config, stateDir: stateDirs.create() })) as [
      AppProcess,
      AppProcess,
    ];
    await waitForApps([a, b], 'two instances RUNNING', (all) => all.every((m) => stateful(m.activeTasks).length === 2));
    const all = sentences(20_000, 20_000, 9);
    await produceSentences(config.input, all);
    await waitForCounts([a, b], referenceCounts(all), 'both instances to hold the reference counts');

    // A trickle of input keeps batches coming: kafkajs can only rejoin (the probing rebalance) on a batch.
    let produced = all.length;
    let trickling = true;
    const trickle = (async () => {
      while (trickling) {
        const more = sentences(20, 20_000, produced);
        await produceSentences(config.input, more, produced);
        produced += more.length;
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    try {
      const c = new AppProcess({ ...config, stateDir: stateDirs.create() });
      const [, , first] = await waitForApps([a, b, c], 'the new instance warming up', (metrics) => {
        const joined = metrics[2]!;
        return joined.standbyTasks.length > 0 && stateful(joined.activeTasks).length === 0;
      });
      const warming = first!.standbyTasks;
      report(`warm-up: the joining instance first got no stateful task, warm-ups ${warming.join(',')}`);
      const joinedAt = Date.now();
      const [, , second] = await waitForApps([a, b, c], 'the warmed-up tasks moved to the new instance', (metrics) =>
        warming.some((task) => metrics[2]!.activeTasks.includes(task)),
      );
      report(
        `warm-up: after a probing rebalance it runs ${stateful(second!.activeTasks).join(',')} ` +
          `(${Date.now() - joinedAt} ms after the warm-up was seen, probing interval 3000 ms), ` +
          `restoring ${c.restoredByListener()} records on takeover`,
      );
      // A rebalance after the warm-up moved it: the probing one or, under cooperative rebalancing, the follow-up
      // rebalance of a handover (the one the new instance's stateless tasks need), if the copy caught up by then.
      const rebalancedAgain = /follow-up rebalance|rejoining to hand them over/;
      expect([a, b, c].some((app) => app.events.some((e) => rebalancedAgain.test(String(e.message))))).toBe(true);
      // Its copy was within the acceptable lag when the leader moved the task; the old owner wrote a little more
      // before it let go of it.
      expect(c.restoredByListener()).toBeLessThanOrEqual(2 * config.acceptableRecoveryLag);
      await Promise.all([a, b, c].map((app) => app.stop()));
    } finally {
      trickling = false;
      await trickle;
    }
  });
});
