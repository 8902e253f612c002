// `npm run bench -- cache [options]`: the record cache's effect on the word count (Apache Kafka's WordCountDemo on
// the library's DSL: lower-case, split, group by word through a repartition topic, count) over the bench's Zipf
// input, once with the cache and once without. Per configuration: changelog and output records per input word,
// how long counting took, and whether the output's last count of every word equals the reference. See
// bench/README.md ("Record cache").
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import kafkajs from 'kafkajs';
import { changelogTopicName, KafkaStreams, type StreamsLogger } from '@streamkit/kafka-streams';
import { preload, SentenceSource } from '../input.ts';
import { wordCountDemo } from '../word-count-demo.ts';

const USAGE = `Usage: npm run bench -- cache [options]     (broker: KAFKA_BOOTSTRAP_SERVERS, default 127.0.0.1:9092)

  --words <n>               words pre-loaded once and counted by each configuration (default 500000)
  --cache-bytes <a,b>       cache sizes to run, 0 = no cache (default 10485760,0)
  --guarantee <g>           at_least_once or exactly_once (default at_least_once)
  --commit-interval <ms>    the app's commit interval (default: the library's, 30000 or 100 under exactly-once)
  --partitions <n>          partitions of the input, output and internal topics (default 4)
  --vocabulary <n>          distinct words (default 5000)
  --words-per-sentence <n>  (default 10)
  --seed <n>                seed of the input (default 1)
  --out <file>              the JSON results (default .local/bench/cache-<time>.json)`;

const STORE = 'counts';
const quiet: StreamsLogger = {
  debug() {},
  info() {},
  warn: (message, fields) => process.stderr.write(`WARN ${message} ${JSON.stringify(fields ?? {})}\n`),
  error: (message, fields) => process.stderr.write(`ERROR ${message} ${JSON.stringify(fields ?? {})}\n`),
};

interface Options {
  readonly words: number;
  readonly cacheBytes: number[];
  readonly guarantee: 'at_least_once' | 'exactly_once';
  readonly commitIntervalMs?: number;
  readonly partitions: number;
  readonly vocabulary: number;
  readonly wordsPerSentence: number;
  readonly seed: number;
  readonly out: string;
}

interface Result {
  readonly cacheMaxBytes: number;
  readonly words: number;
  readonly outputRecords: number;
  readonly changelogRecords: number;
  readonly countingMs: number;
  readonly exact: boolean;
  readonly wrongWords: number;
}

function parse(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      words: { type: 'string', default: '500000' },
      'cache-bytes': { type: 'string', default: String(10 * 1024 * 1024) + ',0' },
      guarantee: { type: 'string', default: 'at_least_once' },
      'commit-interval': { type: 'string' },
      partitions: { type: 'string', default: '4' },
      vocabulary: { type: 'string', default: '5000' },
      'words-per-sentence': { type: 'string', default: '10' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) throw new Error(USAGE);
  const integer = (name: string, text: string, min: number) => {
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < min)
      throw new Error(`--${name} must be an integer >= ${min}\n${USAGE}`);
    return value;
  };
  if (values.guarantee !== 'at_least_once' && values.guarantee !== 'exactly_once')
    throw new Error(`--guarantee must be at_least_once or exactly_once\n${USAGE}`);
  return {
    words: integer('words', values.words, 1),
    cacheBytes: values['cache-bytes'].split(',').map((text) => integer('cache-bytes', text.trim(), 0)),
    guarantee: values.guarantee,
    ...(values['commit-interval']
      ? { commitIntervalMs: integer('commit-interval', values['commit-interval'], 1) }
      : {}),
    partitions: integer('partitions', values.partitions, 1),
    vocabulary: integer('vocabulary', values.vocabulary, 1),
    wordsPerSentence: integer('words-per-sentence', values['words-per-sentence'], 1),
    seed: integer('seed', values.seed, 0),
    out: values.out ?? join('.local/bench', `cache-${new Date().toISOString().replace(/[:.]/g, '-')}.json`),
  };
}

/** Records in `topic` (high watermark minus low, summed over partitions; transaction markers included). */
async function recordsIn(admin: kafkajs.Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
}

/** The last value of every key of `topic` (read_committed), read until `idleMs` without a record. */
async function lastValues(client: kafkajs.Kafka, topic: string, idleMs = 3_000): Promise<Map<string, number>> {
  const consumer = client.consumer({ groupId: `bench-cache-reader-${randomUUID()}`, maxWaitTimeInMs: 200 });
  const last = new Map<string, number>();
  let lastArrival = Date.now();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) {
        if (message.key && message.value) last.set(message.key.toString(), Number(message.value.readBigInt64BE()));
      }
      lastArrival = Date.now();
    },
  });
  while (Date.now() - lastArrival < idleMs) await new Promise((resolve) => setTimeout(resolve, 200));
  await consumer.disconnect();
  return last;
}

async function runOnce(
  client: kafkajs.Kafka,
  admin: kafkajs.Admin,
  options: Options,
  { applicationId, input }: { readonly applicationId: string; readonly input: string },
  expected: ReadonlyMap<string, number>,
  cacheMaxBytes: number,
): Promise<Result> {
  const output = `${applicationId}-out`;
  await admin.createTopics({ topics: [{ topic: output, numPartitions: options.partitions }], waitForLeaders: true });
  const stateDir = mkdtempSync(join(tmpdir(), 'bench-cache-'));
  const streams = new KafkaStreams(wordCountDemo(input, output, STORE), {
    applicationId,
    bootstrapServers: process.env.KAFKA_BOOTSTRAP_SERVERS ?? '127.0.0.1:9092',
    processingGuarantee: options.guarantee,
    ...(options.commitIntervalMs === undefined ? {} : { commitIntervalMs: options.commitIntervalMs }),
    cacheMaxBytes,
    stateDir,
    logger: quiet,
  });
  const words = [...expected.values()].reduce((sum, n) => sum + n, 0);
  const started = performance.now();
  try {
    await streams.start();
    // Interactive queries read through the cache: done once the store's counts add up to the input's words.
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      if (streams.state !== 'RUNNING') continue;
      let counted = 0;
      for await (const { value } of streams.store<string, number>(STORE).all()) counted += value;
      if (counted >= words) break;
    }
  } finally {
    await streams.close({ timeoutMs: 60_000 }); // the final commit flushes the cache
  }
  const countingMs = performance.now() - started;
  const last = await lastValues(client, output);
  const wrongWords = [...expected].filter(([word, n]) => last.get(word) !== n).length + (last.size - expected.size);
  const result: Result = {
    cacheMaxBytes,
    words,
    outputRecords: await recordsIn(admin, output),
    changelogRecords: await recordsIn(admin, changelogTopicName(applicationId, STORE)),
    countingMs,
    exact: wrongWords === 0,
    wrongWords,
  };
  rmSync(stateDir, { recursive: true, force: true });
  return result;
}

const perWord = (records: number, words: number) => (records / words).toFixed(4);

export async function cacheBench(argv: string[]): Promise<number> {
  let options: Options;
  try {
    options = parse(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return argv.includes('--help') ? 0 : 2;
  }
  const client = new kafkajs.Kafka({
    clientId: 'bench-cache',
    brokers: (process.env.KAFKA_BOOTSTRAP_SERVERS ?? '127.0.0.1:9092').split(','),
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const admin = client.admin();
  await admin.connect();
  const input = `bench-cache-in-${randomUUID().slice(0, 8)}`;
  const results: Result[] = [];
  /** The runs' application ids: their output and internal topics start with them. */
  const applications: string[] = [];
  try {
    await admin.createTopics({ topics: [{ topic: input, numPartitions: options.partitions }], waitForLeaders: true });
    const source = new SentenceSource({
      seed: options.seed,
      vocabularySize: options.vocabulary,
      wordsPerSentence: options.wordsPerSentence,
    });
    const producer = client.producer();
    await producer.connect();
    const loaded = await preload(producer, input, source, options.words);
    await producer.disconnect();
    process.stderr.write(`pre-loaded ${loaded.words} words in ${(loaded.ms / 1000).toFixed(1)} s\n`);
    for (const cacheMaxBytes of options.cacheBytes) {
      const applicationId = `bench-cache-${randomUUID().slice(0, 8)}`;
      applications.push(applicationId);
      const result = await runOnce(
        client,
        admin,
        options,
        { applicationId, input },
        source.expectedCounts,
        cacheMaxBytes,
      );
      process.stderr.write(`cache ${cacheMaxBytes} bytes: ${JSON.stringify(result)}\n`);
      results.push(result);
    }
  } finally {
    // Deleted at the end: kafkajs's createTopics waiting for leaders failed right after a deletion.
    const topics = await admin.listTopics().catch(() => []);
    const created = topics.filter((topic) => applications.some((id) => topic.startsWith(id)));
    await admin.deleteTopics({ topics: [input, ...created] }).catch(() => undefined);
    await admin.disconnect();
  }
  const rows = results.map(
    (r) =>
      `| ${r.cacheMaxBytes === 0 ? 'off (0)' : `${r.cacheMaxBytes.toLocaleString('en')} bytes`} | ` +
      `${r.words.toLocaleString('en')} | ${r.outputRecords.toLocaleString('en')} (${perWord(r.outputRecords, r.words)}) | ` +
      `${r.changelogRecords.toLocaleString('en')} (${perWord(r.changelogRecords, r.words)}) | ` +
      `${(r.countingMs / 1000).toFixed(1)} s | ${r.exact ? 'exact' : `WRONG: ${r.wrongWords} words`} |`,
  );
  process.stdout.write(
    [
      '',
      `${options.guarantee}, commit interval ${options.commitIntervalMs ?? 'default'} ms, load ${loadavg()[0]!.toFixed(1)}`,
      '| cache | input words | output records (per word) | changelog records (per word) | start to counted | final counts |',
      '| --- | ---: | ---: | ---: | ---: | --- |',
      ...rows,
      '',
    ].join('\n'),
  );
  mkdirSync(join(options.out, '..'), { recursive: true });
  writeFileSync(options.out, JSON.stringify({ options, loadAverage: loadavg(), results }, null, 2));
  process.stdout.write(`results: ${relative(process.cwd(), options.out)}\n`);
  return results.every((r) => r.exact) ? 0 : 1;
}
