// One measured run: fresh topics, the input pre-loaded, the app started and timed while it drains it (throughput),
// then fed at a steady rate (end-to-end latency), stopped cleanly, and its whole output verified.
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { preload, produceSteadily, SentenceSource } from './input.ts';
import { OutputWatcher } from './output-watcher.ts';
import type { ProcessingGuarantee, Runner, RunnerFacts, WordCountApp } from './runners/runner.ts';
import { percentiles, type Percentiles } from './stats.ts';
import { verifyOutputs, type Verification } from './verify.ts';

export interface ScenarioOptions {
  readonly runner: Runner;
  readonly client: Kafka;
  readonly bootstrapServers: string;
  readonly guarantee: ProcessingGuarantee;
  readonly commitIntervalMs: number;
  /** Words pre-loaded before the app starts. */
  readonly words: number;
  readonly partitions: number;
  readonly seed: number;
  readonly vocabularySize: number;
  readonly wordsPerSentence: number;
  /** The steady load of the latency phase (below every configuration's throughput), and how long it lasts. */
  readonly latencyWordsPerSecond: number;
  readonly latencySeconds: number;
  /** Keep the run's topics (to look at them); they are deleted otherwise. */
  readonly keepTopics: boolean;
  readonly log: (line: string) => void;
}

export interface ScenarioResult {
  readonly runner: string;
  readonly guarantee: ProcessingGuarantee;
  readonly commitIntervalMs: number;
  readonly words: number;
  /** Spawn to running (assigned, ready to process). */
  readonly startupMs: number;
  /** Running to the last output record of the pre-loaded words visible (read_committed). */
  readonly drainMs: number;
  readonly wordsPerSecond: number;
  /** Words per second between 10% and 90% of the pre-loaded words' output. */
  readonly steadyWordsPerSecond: number;
  /** Output record timestamp (= its sentence's send time) to its arrival here, over the latency phase. */
  readonly latencyMs: Percentiles | undefined;
  readonly latencyWords: number;
  readonly facts: RunnerFacts;
  readonly verification: Verification;
  /** 1-minute load average of the machine when the run started: other work sharing the cores. */
  readonly loadAverage: number;
}

const WINDOW_SIZE_MS = 60_000;
/** Far more than the input's timestamps can be out of order, so no record is ever dropped as late. */
const GRACE_MS = 600_000;

export async function runScenario(options: ScenarioOptions): Promise<ScenarioResult> {
  const { runner, client, guarantee, commitIntervalMs, partitions, log } = options;
  const loadAverage = loadavg()[0]!;
  const id = `bench-${guarantee.replaceAll('_', '-')}-${commitIntervalMs}-${randomUUID().slice(0, 8)}`;
  const app: Omit<WordCountApp, 'stateDir'> = {
    bootstrapServers: options.bootstrapServers,
    applicationId: id,
    inputTopic: `${id}-sentences`,
    outputTopic: `${id}-word-counts`,
    windowedOutputTopic: `${id}-windowed-word-counts`,
    windowSizeMs: WINDOW_SIZE_MS,
    graceMs: GRACE_MS,
    processingGuarantee: guarantee,
    commitIntervalMs,
  };
  const admin = client.admin();
  await admin.connect();
  const producer = client.producer();
  await producer.connect();
  const stateDir = await mkdtemp(join(tmpdir(), 'word-count-bench-'));
  let watcher: OutputWatcher | undefined;
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [app.inputTopic, app.outputTopic, app.windowedOutputTopic].map((topic) => ({
        topic,
        numPartitions: partitions,
      })),
    });
    const source = new SentenceSource(options);
    const loaded = await preload(producer, app.inputTopic, source, options.words);
    log(`  pre-loaded ${loaded.words} words in ${(loaded.ms / 1_000).toFixed(1)} s`);
    watcher = await OutputWatcher.start(client, app.outputTopic, app.windowedOutputTopic);

    const spawnedAt = Date.now();
    const running = await runner.start({ ...app, stateDir });
    const readyAt = Date.now();
    try {
      const drainedAt = await watcher.reached(loaded.words, drainTimeoutMs(loaded.words), running.exited);
      const drainMs = drainedAt - readyAt;
      // The middle of the drain: without the start (fetching begins) and the end (the last commits).
      const [from, to] = [Math.ceil(loaded.words * 0.1), Math.floor(loaded.words * 0.9)];
      const steadyWordsPerSecond = (to - from) / ((watcher.arrivedAt(to) - watcher.arrivedAt(from)) / 1_000);
      log(`  drained in ${(drainMs / 1_000).toFixed(1)} s; steady load for ${options.latencySeconds} s`);

      const steady = await produceSteadily(
        producer,
        app.inputTopic,
        source,
        options.latencyWordsPerSecond,
        options.latencySeconds,
      );
      await watcher.reached(source.words, drainTimeoutMs(steady.words), running.exited);
      const latencies = watcher.counts
        .filter((record) => record.timestamp >= steady.startedAt)
        .map((record) => record.receivedAt - record.timestamp);

      const facts = await running.stop();
      // Anything the app still committed while closing (it should be nothing) is read before verifying.
      await watcher.quiet(1_000 + commitIntervalMs);
      const verification = verifyOutputs(watcher, source.expectedCounts);
      return {
        runner: runner.name,
        guarantee,
        commitIntervalMs,
        words: loaded.words,
        startupMs: readyAt - spawnedAt,
        drainMs,
        wordsPerSecond: loaded.words / (drainMs / 1_000),
        steadyWordsPerSecond,
        latencyMs: percentiles(latencies),
        latencyWords: steady.words,
        facts,
        verification,
        loadAverage,
      };
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${running.describe()}`, { cause: error });
    } finally {
      await running.stop().catch(() => undefined);
    }
  } finally {
    await watcher?.stop();
    await producer.disconnect();
    if (!options.keepTopics) await deleteRunTopics(admin, id);
    await admin.disconnect();
    await rm(stateDir, { recursive: true, force: true });
  }
}

/** Generous: a run far slower than this is broken, not slow. */
function drainTimeoutMs(words: number): number {
  return 120_000 + words;
}

/** The run's topics, the app's internal ones included (every implementation names them after the application id). */
async function deleteRunTopics(admin: ReturnType<Kafka['admin']>, id: string): Promise<void> {
  const topics = (await admin.listTopics()).filter((topic) => topic.includes(id));
  if (topics.length > 0) await admin.deleteTopics({ topics });
}
