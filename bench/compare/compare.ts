// `npm run bench -- compare [options]`: Apache Kafka's WordCountDemo on every contender (this library, Kafka
// Streams, Quix Streams, @kafkats/flow, raw client loops), one at a time on one pre-loaded input topic, each
// verified (last count per word = the reference) before its figures count. See bench/README.md ("Comparison").
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import kafkajs from 'kafkajs';
import { preload, SentenceSource } from '../input.ts';
import { CONTENDERS, PROFILED } from './contenders.ts';
import { Skip, type Contender } from './contender.ts';
import { summariseProfile } from './cpu-profile.ts';
import { type RoundRun, summariseRounds } from './rounds.ts';
import { measureLatency, type LatencyResult } from './latency.ts';
import { chartSvg, markdown, writePng, writeSection, type Environment, type Report, type Skipped } from './report.ts';
import { runContender, type ContenderResult } from './run-contender.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHART = 'compare.png';

const USAGE = `Usage: npm run bench -- compare [options]     (broker: KAFKA_BOOTSTRAP_SERVERS, default 127.0.0.1:9092)

  --words <n>               words pre-loaded once, read by every contender (default 500000)
  --rounds <n>              run every contender n times, in interleaved rounds; report each one's median round
                            and the spread (default 1)
  --contenders <a,b>        ids or id prefixes (default all):
                            ${CONTENDERS.map((c) => c.id).join(', ')}
  --skip <a,b>              ids or id prefixes to leave out
  --partitions <n>          partitions of the input, output and internal topics (default 4)
  --vocabulary <n>          distinct words (default 5000)
  --words-per-sentence <n>  (default 10)
  --seed <n>                seed of the input (default 1)
  --sample-ms <n>           how often CPU, memory and progress are sampled (default 250)
  --ready-timeout <s>       how long a contender may take to say it runs (default 300)
  --drain-timeout <s>       how long it may then take to count every word (default 900)
  --latency-rate <n>        sentences/s posted to the producer while end-to-end latency is measured (default 1000)
  --latency-seconds <n>     how long (default 30)
  --no-latency              no end-to-end latency runs of the services
  --latency-hops            also time the probes on the topics between the services (3 more consumers)
  --no-profile              no extra --cpu-prof run of the library
  --no-readme               do not write bench/README.md's section and bench/${CHART}
  --note <text>             a sentence above the figures in the README (e.g. "smoke run")
  --keep-topics             keep the topics instead of deleting them
  --out <file>              the JSON results (default .local/bench/compare-<time>.json)
  --report <file>           run nothing: rewrite the README section and the chart from a results JSON`;

class UsageError extends Error {}

function positiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0)
    throw new UsageError(`--${name} must be a positive integer, got "${text}"`);
  return value;
}

const list = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

function parse(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowNegative: true,
    options: {
      words: { type: 'string', default: '500000' },
      rounds: { type: 'string', default: '1' },
      contenders: { type: 'string', default: '' },
      skip: { type: 'string', default: '' },
      partitions: { type: 'string', default: '4' },
      vocabulary: { type: 'string', default: '5000' },
      'words-per-sentence': { type: 'string', default: '10' },
      seed: { type: 'string', default: '1' },
      'sample-ms': { type: 'string', default: '250' },
      'ready-timeout': { type: 'string', default: '300' },
      'drain-timeout': { type: 'string', default: '900' },
      'latency-rate': { type: 'string', default: '1000' },
      'latency-seconds': { type: 'string', default: '30' },
      latency: { type: 'boolean', default: true },
      'latency-hops': { type: 'boolean', default: false },
      profile: { type: 'boolean', default: true },
      readme: { type: 'boolean', default: true },
      note: { type: 'string' },
      'keep-topics': { type: 'boolean', default: false },
      out: { type: 'string' },
      report: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return undefined;
  const matches = (patterns: string[]) => (c: Contender) => patterns.some((p) => c.id === p || c.id.startsWith(p));
  const wanted = list(values.contenders);
  const skipped = list(values.skip);
  for (const pattern of [...wanted, ...skipped]) {
    if (!CONTENDERS.some(matches([pattern]))) throw new UsageError(`no contender matches "${pattern}"`);
  }
  const contenders = CONTENDERS.filter(
    (c) => (wanted.length === 0 || matches(wanted)(c)) && !(skipped.length > 0 && matches(skipped)(c)),
  );
  const words = positiveInteger('words', values.words);
  if (words < 1_000) throw new UsageError(`--words must be at least 1000, got ${words}`);
  const stamp = new Date().toISOString().replaceAll(':', '-').slice(0, 19);
  return {
    contenders,
    words,
    rounds: positiveInteger('rounds', values.rounds),
    partitions: positiveInteger('partitions', values.partitions),
    vocabulary: positiveInteger('vocabulary', values.vocabulary),
    wordsPerSentence: positiveInteger('words-per-sentence', values['words-per-sentence']),
    seed: positiveInteger('seed', values.seed),
    sampleMs: positiveInteger('sample-ms', values['sample-ms']),
    readyTimeoutMs: positiveInteger('ready-timeout', values['ready-timeout']) * 1_000,
    drainTimeoutMs: positiveInteger('drain-timeout', values['drain-timeout']) * 1_000,
    latency: values.latency,
    latencyHops: values['latency-hops'],
    latencyRate: positiveInteger('latency-rate', values['latency-rate']),
    latencySeconds: positiveInteger('latency-seconds', values['latency-seconds']),
    profile: values.profile,
    readme: values.readme,
    note: values.note,
    keepTopics: values['keep-topics'],
    out: values.out ?? join(ROOT, '.local', 'bench', `compare-${stamp}.json`),
    report: values.report,
  };
}

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : 'unknown';
}

function environment(broker: string): Environment {
  const memory = run('free', ['-g']).split('\n')[1]?.trim().split(/\s+/)[1];
  return {
    date: new Date().toISOString(),
    commit: `${run('git', ['rev-parse', '--short', 'HEAD'])}${run('git', ['status', '--porcelain']) === '' ? '' : ' (with uncommitted changes)'}`,
    nproc: run('nproc', []),
    cpu: cpus()[0]?.model ?? 'unknown',
    memory: memory ? `${memory} GiB (free -g)` : 'unknown',
    loadAverage: loadavg()
      .map((load) => load.toFixed(2))
      .join(' '),
    node: process.version,
    broker,
  };
}

async function brokerVersion(client: kafkajs.Kafka, bootstrapServers: string): Promise<string> {
  const admin = client.admin();
  await admin.connect();
  try {
    const cluster = await admin.describeCluster();
    return `${bootstrapServers} (${cluster.brokers.length} broker${cluster.brokers.length > 1 ? 's' : ''})`;
  } finally {
    await admin.disconnect();
  }
}

export async function compare(argv: string[]): Promise<number> {
  let options: ReturnType<typeof parse>;
  try {
    options = parse(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (!options) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (options.report !== undefined) {
    const report = JSON.parse(readFileSync(options.report, 'utf8')) as Report;
    writeReport(report, options.readme, options.report);
    return 0;
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const bootstrapServers = process.env.KAFKA_BOOTSTRAP_SERVERS ?? '127.0.0.1:9092';
  const client = new kafkajs.Kafka({
    clientId: 'streamkit-bench-compare',
    brokers: bootstrapServers.split(','),
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const env = environment(await brokerVersion(client, bootstrapServers));
  log(`comparison on ${bootstrapServers}: ${JSON.stringify(env)}`);

  const inputTopic = `bench-compare-${randomUUID().slice(0, 8)}-sentences`;
  const admin = client.admin();
  await admin.connect();
  const results: ContenderResult[] = [];
  const skipped: Skipped[] = [];
  const latency: LatencyResult[] = [];
  let profile: Report['profile'];
  let spread: Report['spread'];
  const runsById = new Map<string, RoundRun[]>();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic: inputTopic, numPartitions: options.partitions }],
    });
    const source = new SentenceSource({
      seed: options.seed,
      vocabularySize: options.vocabulary,
      wordsPerSentence: options.wordsPerSentence,
    });
    const producer = client.producer();
    await producer.connect();
    const loaded = await preload(producer, inputTopic, source, options.words);
    await producer.disconnect();
    log(`pre-loaded ${loaded.words} words into ${inputTopic} in ${(loaded.ms / 1_000).toFixed(1)} s`);
    const input = {
      client,
      bootstrapServers,
      inputTopic,
      partitions: options.partitions,
      words: loaded.words,
      expected: source.expectedCounts,
      sampleMs: options.sampleMs,
      readyTimeoutMs: options.readyTimeoutMs,
      drainTimeoutMs: options.drainTimeoutMs,
      keepTopics: options.keepTopics,
      log,
    };

    for (const contender of options.contenders) runsById.set(contender.id, []);
    for (let round = 1; round <= options.rounds; round++) {
      if (options.rounds > 1) log(`round ${round} of ${options.rounds}`);
      for (const contender of options.contenders) {
        // A contender skipped or failed once is not run again.
        if (skipped.some((s) => s.id === contender.id)) continue;
        log(`${contender.label} (${contender.id})`);
        try {
          const prepared = await contender.prepare({ root: ROOT, log });
          const result = await runContender(contender, prepared, input);
          runsById.get(contender.id)!.push({ round, result });
          log(
            `  ${result.verification.ok ? 'exact' : `WRONG: ${result.verification.problems.join('; ')}`}: ` +
              `${Math.round(result.wordsPerSecond)} words/s over ${result.drainSeconds.toFixed(1)} s ` +
              `(startup ${result.startupSeconds.toFixed(1)} s), CPU ${result.cpuSeconds.toFixed(1)} s, ` +
              `peak RSS ${Math.round(result.peakRssMiB)} MiB, ${result.records} records`,
          );
        } catch (error) {
          const reason = (error as Error).message;
          log(`  ${error instanceof Skip ? 'skipped' : 'FAILED'}: ${reason}`);
          skipped.push({
            id: contender.id,
            label: contender.label,
            reason: error instanceof Skip ? reason : `failed: ${reason}`,
          });
        }
      }
    }
    const summary = summariseRounds(runsById);
    results.push(...summary.results);
    if (options.rounds > 1) spread = summary.spread;

    if (options.latency) {
      // Kafka Streams' defaults per guarantee: at-least-once output is visible once sent, whatever the commit
      // interval; exactly-once output once its transaction commits, every commit interval.
      for (const [guarantee, commitIntervalMs] of [
        ['at_least_once', 30_000],
        ['exactly_once', 100],
      ] as const) {
        log(`latency: the services, ${guarantee}, commitIntervalMs ${commitIntervalMs}`);
        try {
          const result = await measureLatency({
            root: ROOT,
            client,
            bootstrapServers,
            guarantee,
            commitIntervalMs,
            rate: options.latencyRate,
            seconds: options.latencySeconds,
            hops: options.latencyHops,
            log,
          });
          latency.push(result);
          log(
            `  p50 ${result.p50Ms.toFixed(0)} ms, p99 ${result.p99Ms.toFixed(0)} ms, max ${result.maxMs.toFixed(0)} ms ` +
              `(${result.seen} of ${result.sent} sentences seen, ${result.achievedRate.toFixed(0)}/s)`,
          );
        } catch (error) {
          log(`  latency FAILED: ${(error as Error).message}`);
          skipped.push({
            id: `latency-${guarantee}`,
            label: `latency, ${guarantee}`,
            reason: `failed: ${(error as Error).message}`,
          });
        }
      }
    }

    if (options.profile) {
      log(`profile: ${PROFILED.label} with --cpu-prof`);
      const dir = mkdtempSync(join(tmpdir(), 'bench-cpu-prof-'));
      try {
        const prepared = await PROFILED.prepare({
          root: ROOT,
          log,
          nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
        });
        const result = await runContender(PROFILED, prepared, input);
        const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
        if (!result.verification.ok) throw new Error(`wrong output: ${result.verification.problems.join('; ')}`);
        if (!file) throw new Error('no .cpuprofile written');
        const kept = options.out.replace(/\.json$/, '.cpuprofile');
        mkdirSync(dirname(kept), { recursive: true });
        copyFileSync(join(dir, file), kept);
        profile = { contender: PROFILED.label, summary: summariseProfile(kept, ROOT) };
        log(`  profile: ${relative(process.cwd(), kept)} (open in Chrome DevTools or VS Code)`);
      } catch (error) {
        log(`  profile FAILED: ${(error as Error).message}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    if (!options.keepTopics) await admin.deleteTopics({ topics: [inputTopic] }).catch(() => undefined);
    await admin.disconnect();
  }

  const report: Report = {
    environment: env,
    options: { words: options.words, partitions: options.partitions, vocabulary: options.vocabulary },
    results,
    rounds: options.rounds,
    spread,
    latency,
    skipped,
    profile,
    note: options.note,
    chart: CHART,
  };
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(
    options.out,
    `${JSON.stringify(
      {
        ...report,
        options: { ...options, contenders: options.contenders.map((c) => c.id) },
        ...(options.rounds > 1 ? { roundRuns: Object.fromEntries(runsById) } : {}),
      },
      null,
      2,
    )}\n`,
  );
  writeReport(report, options.readme, options.out);
  const wrong = results.filter((r) => !r.verification.ok).length;
  if (wrong > 0) log(`${wrong} of ${results.length} contenders produced wrong output`);
  const failed = skipped.filter((s) => s.reason.startsWith('failed: ')).length;
  if (failed > 0) log(`${failed} contenders failed to run`);
  return wrong > 0 || failed > 0 ? 1 : 0;
}

/** The README section (or stdout only) and the chart, from a report. */
function writeReport(report: Report, readme: boolean, json: string): void {
  const section = markdown(report);
  const png = readme ? join(ROOT, 'bench', CHART) : json.replace(/\.json$/, '.png');
  writePng(png, chartSvg(report));
  if (readme) writeSection(join(ROOT, 'bench', 'README.md'), section);
  process.stdout.write(
    `\n${section}\n\nresults: ${relative(process.cwd(), json)}; chart: ${relative(process.cwd(), png)}\n`,
  );
}
