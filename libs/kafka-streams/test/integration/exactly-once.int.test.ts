// Exactly-once under failures, with the word count of fixtures/word-count-app.ts in child processes (run from
// the built dist/): instances killed with SIGKILL mid-stream and during a rebalance, scaling 1 -> 3 -> 1, and a
// zombie producer fencing a task. After each run the output topic (read_committed) must hold, for every word,
// the counts 1, 2, ..., n exactly once and in order, and the stores (interactive queries) n — where n comes from
// a reference count computed here. Any lost or repeated record breaks that.
//
// EOS_TEST_GUARANTEE=at_least_once runs the same scenarios without transactions, to see them fail (repeated
// counts after a SIGKILL). The count store is cached as the library's default (10 MiB); EOS_TEST_CACHE_MAX_BYTES=0
// runs without the cache. With it, a word's output counts are those its flushes wrote: increasing, ending at n.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { bootstrapServers, createTopics, kafka, readAll, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { AppProcess, type AppConfig, waitRunning } from './fixtures/app-process.js';
import { clientUnderTest, produce } from './support/streams-harness.js';
import { numberedWords, randomSentences, referenceCounts } from './support/sentences.js';
import { TempDirs } from './support/temp-dirs.js';

jest.setTimeout(240_000);

const GUARANTEE = (process.env.EOS_TEST_GUARANTEE ?? 'exactly_once') as 'exactly_once' | 'at_least_once';
const CACHE_MAX_BYTES = Number(process.env.EOS_TEST_CACHE_MAX_BYTES ?? 10 * 1024 * 1024);
const PARTITIONS = 4;
const VOCABULARY = numberedWords(300);
const WORDS_PER_SENTENCE = 20;
/** 5,000 sentences of 20 words: 100,000 words. */
const SENTENCES = 5_000;

const sentences = (count: number, seed: number) =>
  randomSentences(count, { seed, vocabulary: VOCABULARY, words: WORDS_PER_SENTENCE });

const sorted = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).sort());
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`exactly-once word count across failures (${GUARANTEE}, cache ${CACHE_MAX_BYTES} bytes)`, () => {
  const client = kafka();
  let admin: Admin;
  const stateDirs = new TempDirs('streamkit-eos');
  let seed = Number(process.env.EOS_TEST_SEED ?? Date.now() % 100_000);

  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
    process.stderr.write(`[eos] seed ${seed}\n`);
  });

  afterAll(async () => {
    AppProcess.killAll();
    await admin.disconnect();
    stateDirs.removeAll();
  });

  /** A random number in [0, n), from the run's seed (logged), so a failing interleaving can be tried again. */
  const random = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };

  interface Run {
    readonly base: Omit<AppConfig, 'stateDir'>;
    readonly input: string[];
    readonly expected: Record<string, number>;
    /** Produces the sentences [from, to) of `input`. */
    produce(from: number, to: number): Promise<void>;
    /** A new instance with a state directory of its own (or `stateDir`, to restart one). */
    start(stateDir?: string): AppProcess & { readonly stateDir: string };
  }

  async function newRun(): Promise<Run> {
    const inputTopic = uniqueName('eos-in');
    const output = uniqueName('eos-out');
    await createTopics(admin, [
      { topic: inputTopic, partitions: PARTITIONS },
      { topic: output, partitions: PARTITIONS },
    ]);
    const input = sentences(SENTENCES, random(1_000_000));
    const applicationId = uniqueName('eos-app');
    process.stderr.write(`[eos] application ${applicationId}\n`);
    const base = {
      bootstrap: bootstrapServers().join(','),
      applicationId,
      input: inputTopic,
      output,
      processingGuarantee: GUARANTEE,
      commitIntervalMs: 100,
      cacheMaxBytes: CACHE_MAX_BYTES,
    };
    return {
      base,
      input,
      expected: referenceCounts(input),
      produce: async (from, to) => {
        // Keyed by sentence number: spread over the input partitions.
        const records = input.slice(from, to).map((value, i) => ({ key: `s${from + i}`, value }));
        for (let i = 0; i < records.length; i += 1_000) await produce(client, inputTopic, records.slice(i, i + 1_000));
      },
      start: (stateDir) => {
        const dir = stateDir ?? stateDirs.create();
        return Object.assign(new AppProcess({ ...base, stateDir: dir }), { stateDir: dir });
      },
    };
  }

  /**
   * Words counted so far across the instances (each word lives in one of them); undefined unless every instance
   * answers and no word is in two of them (a task moving). Polls at most every 200 ms, to spare the instances.
   */
  async function storeCounts(apps: ReadonlyArray<AppProcess>): Promise<Record<string, number> | undefined> {
    await pause(200);
    const answers = await Promise.all(apps.map((app) => app.all().catch(() => undefined)));
    if (answers.some((a) => a === undefined)) return undefined;
    const union: Record<string, number> = {};
    for (const answer of answers) {
      for (const [word, count] of Object.entries(answer!)) {
        if (word in union) return undefined;
        union[word] = count;
      }
    }
    return union;
  }

  const countedWords = async (apps: ReadonlyArray<AppProcess>) =>
    Object.values((await storeCounts(apps)) ?? {}).reduce((sum, n) => sum + n, 0);

  /** Waits until the stores hold the reference counts; a store ahead of the reference fails at once. */
  async function waitForCounts(apps: ReadonlyArray<AppProcess>, expected: Record<string, number>): Promise<void> {
    let last: Record<string, number> | undefined;
    await waitFor(
      async () => {
        last = (await storeCounts(apps)) ?? last;
        const over = Object.entries(last ?? {}).filter(([word, count]) => count > (expected[word] ?? 0));
        if (over.length > 0) throw new Error(`counted more than the input holds: ${JSON.stringify(over.slice(0, 5))}`);
        return last !== undefined && JSON.stringify(sorted(last)) === JSON.stringify(sorted(expected));
      },
      120_000,
      'the stores to hold the reference counts',
    ).catch((error: Error) => {
      dumpEvents(apps);
      throw error;
    });
    expect(sorted(last!)).toEqual(sorted(expected));
  }

  function dumpEvents(apps: ReadonlyArray<AppProcess>): void {
    for (const app of apps) {
      const events = app.events.filter((e) => !String(e.message ?? '').startsWith('kafkajs Connection'));
      process.stderr.write(`[eos] events: ${JSON.stringify(events.slice(-40))}\n`);
    }
  }

  /**
   * Every word's counts on the output topic (read_committed): exactly 1..n, in order, nothing else; with the cache,
   * an increasing sequence ending at n (a repeated or lost record shows as a count out of order or a wrong last one). The stores
   * answer with uncommitted state (as in Java), so the last transactions may still be committing: reading stops
   * at the expected number of records (more would mean duplicates, which break some word's sequence anyway since
   * the reading stops there) or after a long quiet time (records missing).
   */
  async function expectExactOutput(
    apps: ReadonlyArray<AppProcess>,
    topic: string,
    expected: Record<string, number>,
  ): Promise<void> {
    const total = Object.values(expected).reduce((sum, n) => sum + n, 0);
    const cached = CACHE_MAX_BYTES > 0;
    const records = await readAll(client, topic, {
      // With the cache, how many records the flushes wrote is not known: read until the topic is quiet.
      ...(cached ? { idleMs: 10_000 } : { expected: total, idleMs: 20_000 }),
      timeoutMs: 120_000,
    });
    const values = new Map<string, Array<{ offset: bigint; count: number }>>();
    for (const r of records) {
      const list = values.get(r.key!) ?? [];
      list.push({ offset: BigInt(r.offset), count: Number(r.value) });
      values.set(r.key!, list);
    }
    const wrong: string[] = [];
    let repeated = 0;
    for (const [word, n] of Object.entries(expected)) {
      const counts = (values.get(word) ?? []).sort((a, b) => (a.offset < b.offset ? -1 : 1)).map((v) => v.count);
      repeated += counts.length - new Set(counts).size;
      const exact = cached
        ? counts.length > 0 && counts[counts.length - 1] === n && counts.every((c, i) => i === 0 || c > counts[i - 1]!)
        : counts.length === n && counts.every((count, i) => count === i + 1);
      if (!exact) wrong.push(word);
    }
    process.stderr.write(
      `[eos] output: ${records.length} records for ${total} words, ${repeated} repeated counts, ${wrong.length} words wrong\n`,
    );
    if (wrong.length > 0 || (!cached && records.length !== total)) dumpEvents(apps);
    expect(wrong).toEqual([]);
    if (cached) expect(records.length).toBeLessThan(total);
    else expect(records).toHaveLength(total);
  }

  it('three instances, one killed with SIGKILL at a random point and restarted: every count exactly once', async () => {
    const run = await newRun();
    const half = SENTENCES / 2;
    await run.produce(0, half);
    const apps = [run.start(), run.start(), run.start()];
    await waitRunning(apps, 90_000, 'every instance to be RUNNING');
    await run.produce(half, SENTENCES);
    // A random point while the second half is processed.
    const target = 20_000 + random(60_000);
    await waitFor(async () => (await countedWords(apps)) >= target, 90_000, `${target} words counted`);
    const victim = random(apps.length);
    const killedDir = apps[victim]!.stateDir;
    process.stderr.write(`[eos] SIGKILL instance ${victim} after ~${target} words\n`);
    await apps[victim]!.crash();
    apps[victim] = run.start(killedDir);

    await waitForCounts(apps, run.expected);
    await expectExactOutput(apps, run.base.output, run.expected);
    await Promise.all(apps.map((app) => app.stop()));
  });

  it('an instance killed during a rebalance (a third one joining) and restarted: every count exactly once', async () => {
    const run = await newRun();
    const half = SENTENCES / 2;
    await run.produce(0, half);
    const apps = [run.start(), run.start()];
    await waitRunning(apps, 90_000, 'every instance to be RUNNING');
    await run.produce(half, SENTENCES);
    await waitFor(async () => (await countedWords(apps)) >= 55_000, 90_000, 'the second half being processed');
    const rebalancesBefore = apps.map((app) => app.events.filter((e) => e.state === 'REBALANCING').length);
    apps.push(run.start());
    // Kill one of the first two as soon as it noticed the rebalance the third instance causes.
    const victim = random(2);
    await waitFor(
      () => apps[victim]!.events.filter((e) => e.state === 'REBALANCING').length > rebalancesBefore[victim]!,
      60_000,
      'the rebalance to begin',
    );
    await pause(random(300));
    process.stderr.write(`[eos] SIGKILL instance ${victim} during the rebalance\n`);
    const killedDir = apps[victim]!.stateDir;
    await apps[victim]!.crash();
    apps[victim] = run.start(killedDir);

    await waitForCounts(apps, run.expected);
    await expectExactOutput(apps, run.base.output, run.expected);
    await Promise.all(apps.map((app) => app.stop()));
  });

  it('scales 1 -> 3 -> 1 while processing: every count exactly once', async () => {
    const run = await newRun();
    const third = Math.floor(SENTENCES / 3);
    await run.produce(0, third);
    const first = run.start();
    await waitRunning([first], 90_000, 'every instance to be RUNNING');
    await waitFor(async () => (await countedWords([first])) >= 10_000, 90_000, 'the first instance to count');

    const added = [run.start(), run.start()];
    await run.produce(third, 2 * third);
    await waitRunning([first, ...added], 90_000, 'every instance to be RUNNING');
    await waitFor(async () => (await countedWords([first, ...added])) >= 45_000, 90_000, 'three instances to count');

    // Scale in while the last third is being processed: the two leave cleanly (SIGTERM).
    await run.produce(2 * third, SENTENCES);
    await pause(random(1_000));
    await Promise.all(added.map((app) => app.stop()));
    expect(added.map((app) => app.events.some((e) => e.event === 'closed'))).toEqual([true, true]);

    await waitForCounts([first], run.expected);
    await expectExactOutput([first], run.base.output, run.expected);
    await first.stop();
  });

  // The per-task scheme's zombie (kafkajs): a producer with a task's transactional id. Exactly-once v2 (the
  // platformatic client) has one producer per instance, whose zombies the group's generation fences: see
  // platformatic-group-fencing.int.test.ts.
  const perTask = clientUnderTest() === 'platformatic' ? it.skip : it;
  perTask('a zombie producer fencing a task makes it close dirty and restore, without duplicates', async () => {
    const run = await newRun();
    const [a, b] = [Math.floor(SENTENCES * 0.4), Math.floor(SENTENCES * 0.8)];
    await run.produce(0, a);
    const app = run.start();
    await waitRunning([app], 90_000, 'every instance to be RUNNING');
    await waitFor(async () => (await countedWords([app])) === a * WORDS_PER_SENTENCE, 90_000, 'the first part');

    // While the second part is being processed, a producer with the transactional id of counting task 1_0
    // (sub-topology 1, partition 0) fences the application's producer of that task: the broker aborts its open
    // transaction, and whatever the task does next with it fails.
    await run.produce(a, b);
    await waitFor(async () => (await countedWords([app])) > a * WORDS_PER_SENTENCE, 90_000, 'the second part');
    const zombie = client.producer({
      transactionalId: `${run.base.applicationId}-1_0`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await zombie.connect();
    const fencedAt = Date.now();
    await (await zombie.transaction()).abort();
    await zombie.disconnect();
    // More input for every task, so the fenced one notices even if it had caught up.
    await run.produce(b, SENTENCES);

    await waitForCounts([app], run.expected);
    await expectExactOutput([app], run.base.output, run.expected);
    const fenced = app.events.find((e) => e.level === 'warn' && String(e.message).includes('fenced'));
    expect(fenced).toMatchObject({ taskId: '1_0' });
    // Its store was wiped: restored again from the start of its changelog partition.
    const restores = app.events.filter((e) => e.event === 'restore-start' && Number(e.at) >= fencedAt);
    expect(restores).toContainEqual(expect.objectContaining({ partition: 0, startOffset: '0' }));
    await app.stop();
  });
});
