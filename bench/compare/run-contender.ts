// One contender's measured run: fresh application id and output topic, the reader on the output started first,
// the contender's process spawned on the pre-loaded input, its CPU and memory sampled from /proc until its output
// accounts for every input word (read_committed), then stopped cleanly and its last count per word verified.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Kafka } from 'kafkajs';
import type { Contender, ContenderApp, Prepared } from './contender.ts';
import { CountReader, verifyLastCounts, type LastCountCheck } from './count-reader.ts';
import { treeUsage } from './process-tree.ts';

export interface RunInput {
  readonly client: Kafka;
  readonly bootstrapServers: string;
  readonly inputTopic: string;
  readonly partitions: number;
  readonly words: number;
  readonly expected: ReadonlyMap<string, number>;
  readonly sampleMs: number;
  /** How long a contender may take to say it runs, and then to count every word. */
  readonly readyTimeoutMs: number;
  readonly drainTimeoutMs: number;
  readonly keepTopics: boolean;
  readonly log: (line: string) => void;
}

/** One point of the progress curve: seconds since the contender said it runs, and its figures then. */
export interface Sample {
  readonly t: number;
  /** Input words the output accounts for (the sum of the last count per word). */
  readonly words: number;
  readonly cpuSeconds: number;
  readonly rssMiB: number;
}

export interface ContenderResult {
  readonly id: string;
  readonly label: string;
  readonly family: string;
  readonly version: string;
  readonly guarantee: Contender['guarantee'];
  readonly commitIntervalMs: number | undefined;
  readonly threads: number;
  readonly emit: Contender['emit'];
  readonly words: number;
  /** Spawn to "BENCH READY". */
  readonly startupSeconds: number;
  /** "BENCH READY" to the output accounting for every input word (visible to a read_committed reader). */
  readonly drainSeconds: number;
  readonly wordsPerSecond: number;
  /** Words per second while the output went from 10% to 90% of the input's words. */
  readonly steadyWordsPerSecond: number;
  /** CPU of the process tree from ready to done (its startup excluded), and from spawn to done. */
  readonly cpuSeconds: number;
  readonly cpuSecondsWithStartup: number;
  readonly cpuSecondsPerMillionWords: number;
  readonly peakRssMiB: number;
  /** Output records, and those that were not their word's previous count + 1 (every update, exactly once: 0). */
  readonly records: number;
  readonly notNext: number;
  readonly verification: LastCountCheck;
  readonly facts: Readonly<Record<string, string>>;
  readonly loadAverage: number;
  readonly samples: ReadonlyArray<Sample>;
}

const STOP_TIMEOUT_MS = 60_000;
const MiB = 2 ** 20;

export async function runContender(
  contender: Contender,
  prepared: Prepared,
  input: RunInput,
): Promise<ContenderResult> {
  const { client, log } = input;
  const loadAverage = loadavg()[0]!;
  const id = `bench-cmp-${contender.id}-${randomUUID().slice(0, 8)}`;
  const app: ContenderApp = {
    bootstrapServers: input.bootstrapServers,
    applicationId: id,
    inputTopic: input.inputTopic,
    outputTopic: `${id}-counts`,
    guarantee: contender.guarantee,
    ...(contender.commitIntervalMs === undefined ? {} : { commitIntervalMs: contender.commitIntervalMs }),
    stateDir: await mkdtemp(join(tmpdir(), 'bench-compare-')),
    threads: contender.threads,
    emit: contender.emit,
    ...(contender.client === undefined ? {} : { client: contender.client }),
  };
  const admin = client.admin();
  await admin.connect();
  let reader: CountReader | undefined;
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [app.outputTopic, ...(contender.extraTopics ?? []).map((suffix) => `${id}-${suffix}`)].map((topic) => ({
        topic,
        numPartitions: input.partitions,
      })),
    });
    reader = await retry(() => CountReader.start(client, app.outputTopic), log);
    const launch = prepared.launch(app);
    const spawnedAt = Date.now();
    const child = spawn(launch.command, [...launch.args], {
      env: { ...process.env, ...launch.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail = '';
    const keep = (text: string) => (tail = (tail + text).slice(-20_000));
    child.stderr.on('data', (chunk: Buffer) => keep(chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let readyAt: number | undefined;
    let closed: { clean: boolean; facts: Record<string, string> } | undefined;
    let failed = false;
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'BENCH READY') readyAt ??= Date.now();
      else if (line === 'BENCH ERROR') failed = true;
      else if (line.startsWith('BENCH CLOSED ')) closed = JSON.parse(line.slice('BENCH CLOSED '.length)) as never;
      else keep(`${line}\n`);
    });
    const describe = () => `${contender.id}: log tail:\n${tail.slice(-4_000) || '(empty)'}`;

    const samples: Sample[] = [];
    let peakRss = 0;
    let cpuAtReady = 0;
    const sample = () => {
      const usage = child.pid === undefined ? undefined : treeUsage(child.pid);
      if (!usage) return undefined;
      peakRss = Math.max(peakRss, usage.rssBytes);
      if (readyAt !== undefined) {
        samples.push({
          t: (Date.now() - readyAt) / 1_000,
          words: reader!.words,
          cpuSeconds: usage.cpuSeconds - cpuAtReady,
          rssMiB: usage.rssBytes / MiB,
        });
      }
      return usage;
    };
    const sampler = setInterval(sample, input.sampleMs);
    try {
      const deadline = spawnedAt + input.readyTimeoutMs;
      let exitedEarly = false;
      void exited.then(() => (exitedEarly = true));
      while (readyAt === undefined) {
        if (failed || exitedEarly) throw new Error(`it failed before it ran\n${describe()}`);
        if (Date.now() > deadline) throw new Error(`not ready after ${input.readyTimeoutMs} ms\n${describe()}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      cpuAtReady = treeUsage(child.pid!)?.cpuSeconds ?? 0;
      sample();
      let doneAt: number;
      try {
        doneAt = await reader.reached(input.words, input.drainTimeoutMs, exited);
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${describe()}`, { cause: error });
      }
      const atDone = sample();
      if (!atDone) throw new Error(`it exited when done\n${describe()}`);
      const started = readyAt;

      child.kill('SIGTERM');
      const stopped = await Promise.race([
        exited.then(() => true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), STOP_TIMEOUT_MS)),
      ]);
      if (!stopped) log(`  ${contender.id}: no exit ${STOP_TIMEOUT_MS} ms after SIGTERM, killed`);
      // What it still committed while closing (nothing, if it is right) is read before verifying.
      await reader.quiet(2_000);
      const verification = verifyLastCounts(reader, input.expected);
      const [from, to] = [reader.reachedAt(input.words * 0.1)!, reader.reachedAt(input.words * 0.9)!];
      const drainSeconds = (doneAt - started) / 1_000;
      return {
        id: contender.id,
        label: contender.label,
        family: contender.family,
        version: prepared.version,
        guarantee: contender.guarantee,
        commitIntervalMs: contender.commitIntervalMs,
        threads: contender.threads,
        emit: contender.emit,
        words: input.words,
        startupSeconds: (started - spawnedAt) / 1_000,
        drainSeconds,
        wordsPerSecond: input.words / drainSeconds,
        steadyWordsPerSecond: to > from ? (input.words * 0.8) / ((to - from) / 1_000) : Number.NaN,
        cpuSeconds: atDone.cpuSeconds - cpuAtReady,
        cpuSecondsWithStartup: atDone.cpuSeconds,
        cpuSecondsPerMillionWords: ((atDone.cpuSeconds - cpuAtReady) / input.words) * 1e6,
        peakRssMiB: peakRss / MiB,
        records: reader.records,
        notNext: reader.notNext,
        verification: stopped
          ? verification
          : { ok: false, problems: [...verification.problems, 'no clean exit after SIGTERM'] },
        facts: (closed as { facts?: Record<string, string> } | undefined)?.facts ?? {},
        loadAverage,
        samples,
      };
    } finally {
      clearInterval(sampler);
      child.kill('SIGKILL');
    }
  } finally {
    await reader?.stop();
    if (!input.keepTopics) {
      const topics = (await admin.listTopics()).filter((topic) => topic.includes(id));
      if (topics.length > 0) await admin.deleteTopics({ topics }).catch(() => undefined);
      // The contender's consumer group (every contender uses the application id) and the reader's.
      await admin.deleteGroups([id, `${app.outputTopic}-reader`]).catch(() => undefined);
    }
    await admin.disconnect();
    await rm(app.stateDir, { recursive: true, force: true });
  }
}

/** A topic just created may not be known to every broker connection yet ("does not host this topic-partition"). */
async function retry<T>(attempt: () => Promise<T>, log: (line: string) => void, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (i >= attempts) throw error;
      log(`  retrying (${(error as Error).message})`);
      await new Promise((resolve) => setTimeout(resolve, 1_000 * i));
    }
  }
}
