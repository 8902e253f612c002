// `npm run bench -- [options]`: the word-count benchmark (see bench/README.md). For every runner, processing
// guarantee and commit interval (repeated, interleaved so that drifting load on the machine hits every
// configuration alike): pre-load the input, time the app draining it, measure end-to-end latency under a steady
// load, verify the output exactly. Progress goes to stderr, the results table to stdout, every figure to a JSON file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import kafkajs from 'kafkajs';
import { machine } from './machine.ts';
import { RUNNERS } from './runners/index.ts';
import type { ProcessingGuarantee } from './runners/runner.ts';
import { runScenario, type ScenarioResult } from './scenario.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const GUARANTEES: ReadonlyArray<ProcessingGuarantee> = ['at_least_once', 'exactly_once'];

const USAGE = `Usage: npm run bench -- [options]     (broker: KAFKA_BOOTSTRAP_SERVERS, default 127.0.0.1:9092)
       npm run bench -- compare [options]   (every contender on one input: see npm run bench -- compare --help)
       npm run bench -- state [options]     (state store costs by size, no broker: see npm run bench -- state --help)
       npm run bench -- cache [options]     (the record cache on and off: records per input word, see --help)

  --runners <a,b>           implementations (${Object.keys(RUNNERS).join(', ')}; default all)
  --guarantees <a,b>        at_least_once, exactly_once (default both)
  --commit-intervals <ms>   commit intervals in ms (default 100,1000)
  --words <n>               words pre-loaded before the app starts (default 200000)
  --repeat <n>              runs of every configuration, interleaved (default 1)
  --partitions <n>          partitions of the input and output topics (default 4)
  --vocabulary <n>          distinct words (default 5000)
  --words-per-sentence <n>  (default 10)
  --latency-rate <n>        words per second of the steady load the latency is measured under (default 2000)
  --latency-seconds <n>     how long the steady load lasts (default 10)
  --seed <n>                seed of the input (default 1)
  --keep-topics             keep each run's topics instead of deleting them
  --out <file>              where the JSON results go (default .local/bench/word-count-<time>.json)`;

interface BenchOptions {
  readonly runners: string[];
  readonly guarantees: ProcessingGuarantee[];
  readonly commitIntervals: number[];
  readonly words: number;
  readonly repeat: number;
  readonly partitions: number;
  readonly vocabulary: number;
  readonly wordsPerSentence: number;
  readonly latencyRate: number;
  readonly latencySeconds: number;
  readonly seed: number;
  readonly keepTopics: boolean;
  readonly out: string;
}

class UsageError extends Error {}

function positiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0)
    throw new UsageError(`--${name} must be a positive integer, got "${text}"`);
  return value;
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function parse(argv: string[]): BenchOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      runners: { type: 'string', default: Object.keys(RUNNERS).join(',') },
      guarantees: { type: 'string', default: GUARANTEES.join(',') },
      'commit-intervals': { type: 'string', default: '100,1000' },
      words: { type: 'string', default: '200000' },
      repeat: { type: 'string', default: '1' },
      partitions: { type: 'string', default: '4' },
      vocabulary: { type: 'string', default: '5000' },
      'words-per-sentence': { type: 'string', default: '10' },
      'latency-rate': { type: 'string', default: '2000' },
      'latency-seconds': { type: 'string', default: '10' },
      seed: { type: 'string', default: '1' },
      'keep-topics': { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return undefined;
  const runners = list(values.runners);
  const unknownRunner = runners.find((name) => !(name in RUNNERS));
  if (unknownRunner !== undefined || runners.length === 0) {
    throw new UsageError(`--runners: unknown "${unknownRunner ?? ''}"; known: ${Object.keys(RUNNERS).join(', ')}`);
  }
  const guarantees = list(values.guarantees);
  const unknownGuarantee = guarantees.find((g) => !GUARANTEES.includes(g as ProcessingGuarantee));
  if (unknownGuarantee !== undefined || guarantees.length === 0) {
    throw new UsageError(`--guarantees: unknown "${unknownGuarantee ?? ''}"; known: ${GUARANTEES.join(', ')}`);
  }
  const words = positiveInteger('words', values.words);
  if (words < 1_000) throw new UsageError(`--words must be at least 1000, got ${words}`);
  const stamp = new Date().toISOString().replaceAll(':', '-').slice(0, 19);
  return {
    runners,
    guarantees: guarantees as ProcessingGuarantee[],
    commitIntervals: list(values['commit-intervals']).map((ms) => positiveInteger('commit-intervals', ms)),
    words,
    repeat: positiveInteger('repeat', values.repeat),
    partitions: positiveInteger('partitions', values.partitions),
    vocabulary: positiveInteger('vocabulary', values.vocabulary),
    wordsPerSentence: positiveInteger('words-per-sentence', values['words-per-sentence']),
    latencyRate: positiveInteger('latency-rate', values['latency-rate']),
    latencySeconds: positiveInteger('latency-seconds', values['latency-seconds']),
    seed: positiveInteger('seed', values.seed),
    keepTopics: values['keep-topics'],
    out: values.out ?? join(ROOT, '.local', 'bench', `word-count-${stamp}.json`),
  };
}

type RunOutcome =
  | ScenarioResult
  | { readonly runner: string; readonly guarantee: string; readonly commitIntervalMs: number; readonly error: string };

const seconds = (ms: number) => (ms / 1_000).toFixed(1);
const ms = (value: number | undefined) => (value === undefined ? '-' : String(Math.round(value)));

function row(outcome: RunOutcome): string {
  if ('error' in outcome) {
    const firstLine = outcome.error.split('\n')[0];
    return `| ${outcome.runner} | ${outcome.guarantee} | ${outcome.commitIntervalMs} | FAILED: ${firstLine} | | | | | | | |`;
  }
  const { latencyMs: l } = outcome;
  const facts = Object.entries(outcome.facts)
    .map(([name, value]) => `${name}: ${value}`)
    .join('; ');
  return [
    '',
    outcome.runner,
    outcome.guarantee,
    outcome.commitIntervalMs,
    Math.round(outcome.wordsPerSecond).toLocaleString('en'),
    Math.round(outcome.steadyWordsPerSecond).toLocaleString('en'),
    `${seconds(outcome.drainMs)} s`,
    `${ms(l?.p50)} / ${ms(l?.p95)} / ${ms(l?.p99)} / ${ms(l?.max)}`,
    `${seconds(outcome.startupMs)} s`,
    facts,
    outcome.verification.ok ? 'exact' : `WRONG: ${outcome.verification.problems.join('; ')}`,
    outcome.loadAverage.toFixed(1),
    '',
  ]
    .join(' | ')
    .trim();
}

const HEADER = [
  '| runner | guarantee | commit interval (ms) | drain (words/s) | 10-90% (words/s) | drain time | e2e latency p50 / p95 / p99 / max (ms) | startup | runner facts | output | load |',
  '| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | --- | --- | ---: |',
];

async function main(): Promise<number> {
  let options: BenchOptions | undefined;
  try {
    options = parse(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (!options) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const bootstrapServers = process.env.KAFKA_BOOTSTRAP_SERVERS ?? '127.0.0.1:9092';
  const client = new kafkajs.Kafka({
    clientId: 'streamkit-bench',
    brokers: bootstrapServers.split(','),
    // kafkajs logs errors it retries (a new topic without a leader yet) as errors; failures reach us as exceptions.
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const environment = machine();
  log(`word-count benchmark on ${bootstrapServers}: ${JSON.stringify(environment)}`);

  const outcomes: RunOutcome[] = [];
  for (let round = 1; round <= options.repeat; round++) {
    for (const runnerName of options.runners) {
      for (const guarantee of options.guarantees) {
        for (const commitIntervalMs of options.commitIntervals) {
          const runner = RUNNERS[runnerName]!;
          log(`[${round}/${options.repeat}] ${runner.name}, ${guarantee}, commit interval ${commitIntervalMs} ms`);
          try {
            const result = await runScenario({
              runner,
              client,
              bootstrapServers,
              guarantee,
              commitIntervalMs,
              words: options.words,
              partitions: options.partitions,
              seed: options.seed,
              vocabularySize: options.vocabulary,
              wordsPerSentence: options.wordsPerSentence,
              latencyWordsPerSecond: options.latencyRate,
              latencySeconds: options.latencySeconds,
              keepTopics: options.keepTopics,
              log,
            });
            outcomes.push(result);
            log(`  ${row(result)}`);
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            log(`  FAILED: ${message}`);
            outcomes.push({ runner: runner.name, guarantee, commitIntervalMs, error: message });
          }
        }
      }
    }
  }

  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify({ environment, options, outcomes }, null, 2)}\n`);
  const sorted = [...outcomes].sort(
    (a, b) =>
      a.runner.localeCompare(b.runner) ||
      a.guarantee.localeCompare(b.guarantee) ||
      a.commitIntervalMs - b.commitIntervalMs,
  );
  process.stdout.write(`\n${[...HEADER, ...sorted.map(row)].join('\n')}\n\n`);
  process.stdout.write(`results: ${relative(process.cwd(), options.out)}\n`);
  const failed = outcomes.filter((o) => 'error' in o || !o.verification.ok).length;
  if (failed > 0) process.stderr.write(`${failed} of ${outcomes.length} runs failed or produced wrong output\n`);
  return failed > 0 ? 1 : 0;
}

if (process.argv[2] === 'state') {
  const { stateBench } = await import('./state/state.ts');
  process.exitCode = await stateBench(process.argv.slice(3));
} else if (process.argv[2] === 'cache') {
  const { cacheBench } = await import('./cache/cache.ts');
  process.exitCode = await cacheBench(process.argv.slice(3));
} else if (process.argv[2] === 'compare') {
  const { compare } = await import('./compare/compare.ts');
  process.exitCode = await compare(process.argv.slice(3));
} else {
  process.exitCode = await main();
}
