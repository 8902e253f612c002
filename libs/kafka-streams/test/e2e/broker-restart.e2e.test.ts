// A broker restart under a running streams app, on each Kafka client: two exactly-once word-count instances count
// sentences, the broker (a container of its own: the shared process broker is never restarted) stops and starts
// again, and the instances must go on counting to the exact reference counts without being restarted. Set
// BROKER_RESTART_LOG=<file> to get every log line of the instances (debug included), BROKER_RESTART_OUTAGE_MS to
// change how long the broker stays down (default 60 s).
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { promisify } from 'node:util';
import kafkajs from 'kafkajs';
import {
  Consumed,
  Grouped,
  KafkaStreams,
  longAsNumberSerde,
  Materialized,
  Produced,
  Serdes,
  StreamsBuilder,
} from '../../src/index.js';
import { startKafkaContainer, type StartedKafka } from '../../../../test/e2e/support/kafka-container.js';
import { skippedMarkers, transactionReport } from '../../../../test/e2e/support/transaction-report.js';
import { freePort } from '../../../../tools/start/http-wait.ts';
import { numberedWords, randomSentences, referenceCounts } from '../integration/support/sentences.js';
import { TempDirs } from '../integration/support/temp-dirs.js';

// Up to 3 attempts of about 5 minutes each when the broker stalls them (see ATTEMPTS).
jest.setTimeout(1_200_000);

const { Kafka, logLevel } = kafkajs;
const run = promisify(execFile);
const CLIENTS = ['platformatic', 'kafkajs'] as const;
const VOCABULARY = numberedWords(300);
const PARTITIONS = 4;
const GLOBAL_STORE = 'global-counts';
/**
 * Longer than the session timeout (the group coordinator has forgotten the members when it is back) and than kafkajs'
 * retry budget (about 10 s: it gave up on an instance's consumer with "Failed to find group coordinator").
 */
const OUTAGE_MS = Number(process.env['BROKER_RESTART_OUTAGE_MS'] ?? 60_000);

const logFile = process.env['BROKER_RESTART_LOG'];
function logger(instance: string) {
  const write = (level: string) => (message: string, fields?: Readonly<Record<string, unknown>>) => {
    if (logFile) {
      const line = { at: new Date().toISOString(), instance, level, message, ...fields };
      appendFileSync(logFile, `${JSON.stringify(line, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}` : v))}\n`);
    }
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

function wordCount(input: string, output: string) {
  const builder = new StreamsBuilder();
  builder
    .stream(input, Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() }))
    .flatMapValues((sentence) => sentence.split(' '))
    .groupBy(
      (_key, word) => word,
      Grouped.with({ name: 'words', keySerde: Serdes.String(), valueSerde: Serdes.String() }),
    )
    .count(Materialized.as('counts'))
    .toStream()
    .to(output, Produced.with({ keySerde: Serdes.String(), valueSerde: longAsNumberSerde() }));
  return builder.build();
}

type ClientKind = (typeof CLIENTS)[number];
/** What the names of one attempt on one client start with: its topics, application ids, transactional ids. */
const prefixOf = (kind: ClientKind, attempt: number) => `restart-${kind}-${attempt}-`;
/** The input (sentences) and output (counts) topics of one attempt on one client. */
const topicsOf = (kind: ClientKind, attempt: number) =>
  [`${prefixOf(kind, attempt)}sentences`, `${prefixOf(kind, attempt)}counts`] as const;
/** Attempts per client: a retry only when the broker lost an attempt's transaction markers (see below). */
const ATTEMPTS = 3;

/** The broker, not the instances, left a transaction of the attempt open for good. */
class BrokerLostMarkers extends Error {}

/** What query-api does with word-count's output: a global table of it. */
function globalCounts(counts: string) {
  const builder = new StreamsBuilder();
  builder.globalTable(
    counts,
    Consumed.with({ keySerde: Serdes.String(), valueSerde: longAsNumberSerde() }),
    Materialized.as<string, number>(GLOBAL_STORE),
  );
  return builder.build();
}

async function docker(...args: string[]): Promise<void> {
  await run('docker', args, { timeout: 120_000 });
}

/** Polls until `condition` holds, failing after `timeoutMs` with what `describe` says of the last state. */
async function until(condition: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('a broker restart under running exactly-once instances', () => {
  let broker: StartedKafka;
  let client: kafkajs.Kafka;
  const dirs = new TempDirs('broker-restart');

  beforeAll(async () => {
    broker = await startKafkaContainer({
      // A fixed host port: the address the instances know survives the restart.
      hostPort: await freePort(),
      labels: { 'org.streamkit.e2e': 'library-broker-restart' },
      environment: { KAFKA_NUM_PARTITIONS: String(PARTITIONS) },
    });
    logger('test').info('broker started', { bootstrapServers: broker.bootstrapServers });
    client = new Kafka({
      clientId: 'broker-restart-test',
      brokers: [broker.bootstrapServers],
      logLevel: logLevel.NOTHING,
      connectionTimeout: 3_000,
    });
    await createTopics(CLIENTS.flatMap((kind) => topicsOf(kind, 1)));
  });

  afterAll(async () => {
    await broker?.stop();
    dirs.removeAll();
  });

  /** Those of the first attempts before the first restart: right after one, a new topic's metadata errs a while. */
  async function createTopics(topics: ReadonlyArray<string>): Promise<void> {
    const admin = client.admin();
    await admin.connect();
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: topics.map((topic) => ({ topic, numPartitions: PARTITIONS, replicationFactor: 1 })),
      });
    } finally {
      await admin.disconnect();
    }
  }

  /** The latest count per word on `topic` (read_committed), kept up to date until `stop()`. */
  async function followCounts(topic: string) {
    const counts = new Map<string, number>();
    const consumer = client.consumer({ groupId: `reader-${randomUUID()}`, maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.key && message.value) counts.set(message.key.toString(), Number(message.value.readBigInt64BE()));
      },
    });
    return { counts, stop: () => consumer.disconnect() };
  }

  function differences(
    counts: { get(word: string): number | undefined },
    expected: Readonly<Record<string, number>>,
  ): string[] {
    return Object.entries(expected)
      .filter(([word, n]) => counts.get(word) !== n)
      .map(([word, n]) => `${word}: ${counts.get(word) ?? 'none'} (expected ${n})`);
  }

  async function produce(topic: string, sentences: ReadonlyArray<string>): Promise<void> {
    const producer = client.producer({ idempotent: true });
    await producer.connect();
    try {
      await producer.send({ topic, messages: sentences.map((value, i) => ({ key: `s${i}`, value })) });
    } finally {
      await producer.disconnect();
    }
  }

  /** Every partition of the topics has a leader again (right after a start the broker answers "not the leader"). */
  async function waitForLeaders(topics: ReadonlyArray<string>): Promise<void> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const admin = client.admin();
      try {
        await admin.connect();
        const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
        if (metadata.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
      } catch {
        // not answering yet
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
      if (Date.now() > deadline) throw new Error('the restarted broker does not lead every partition');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }

  // Kafka 4.3 can leave a transaction open for good when it ends as a single broker shuts down (its partitions are
  // marked leaderless, and the transaction coordinator skips their commit markers, taking them for deleted) or as it
  // comes back: the broker logs "Couldn't find leader endpoint ... likely deleted" (the library's docs/client.md, "A
  // single broker's restart"). A read_committed reader then stops there, whatever the client: it hung this test in 4
  // of 37 runs, all on platformatic. Such an attempt proves nothing about the client, so it is run again on new
  // topics; a stall without that log line fails at once.
  describe.each(CLIENTS)('on %s', (kind) => {
    it('the instances count on after the broker comes back: exact counts', async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          await countsOnAfterRestart(kind, attempt);
          return;
        } catch (error) {
          if (!(error instanceof BrokerLostMarkers) || attempt >= ATTEMPTS) throw error;
          process.stderr.write(`[broker-restart] ${kind}, attempt ${attempt} again: ${error.message}\n`);
          logger('test').warn('attempt lost to the broker', { kind, attempt, error: error.message });
        }
      }
    });
  });

  /**
   * When `wait` fails: BrokerLostMarkers if the broker skipped markers of this attempt's transactions, else what the
   * broker knows of the transactions goes to the log file (or stderr without one) and the failure stands.
   */
  async function reportingTransactionsOnFailure(
    applicationId: string,
    output: string,
    wait: () => Promise<void>,
  ): Promise<void> {
    try {
      await wait();
    } catch (error) {
      const skipped = await skippedMarkers(broker, applicationId);
      if (skipped.length > 0) {
        throw new BrokerLostMarkers(`the broker skipped transaction markers: ${skipped.join(' | ')}`, { cause: error });
      }
      const report = await transactionReport(broker, [
        { topic: `${applicationId}-counts-changelog`, partitions: PARTITIONS },
        { topic: output, partitions: PARTITIONS },
      ]);
      if (logFile) appendFileSync(logFile, `${report}\n`);
      else process.stderr.write(`${report}\n`);
      throw error;
    }
  }

  async function countsOnAfterRestart(kind: ClientKind, attempt: number): Promise<void> {
    const [input, output] = topicsOf(kind, attempt);
    if (attempt > 1) await createTopics([input, output]);
    const applicationId = `${prefixOf(kind, attempt)}app`;
    const config = (name: string) => ({
      bootstrapServers: broker.bootstrapServers,
      client: kind,
      commitIntervalMs: 100,
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 1_000,
      stateDir: dirs.create(),
      logger: logger(`${kind}-${name}`),
    });
    const counters = ['a', 'b'].map(
      (name) =>
        new KafkaStreams(wordCount(input, output), {
          ...config(name),
          applicationId,
          processingGuarantee: kind === 'platformatic' ? 'exactly_once_v2' : 'exactly_once',
        }),
    );
    const reader = new KafkaStreams(globalCounts(output), {
      ...config('global'),
      applicationId: `${applicationId}-global`,
    });
    const instances = [...counters, reader];
    for (const instance of instances) await instance.start();
    const states = () => instances.map((i) => i.state);
    const errors = () => instances.flatMap((i) => (i.error ? [i.error.message] : []));
    const globalStore = { get: (word: string) => reader.store<string, number>(GLOBAL_STORE).get(word) };
    try {
      const before = randomSentences(3_000, { seed: 15, vocabulary: VOCABULARY, words: [1, 8] });
      await produce(input, before);
      // The broker goes while the instances are still counting: transactions are open when it stops.
      const first = await followCounts(output);
      await until(
        () => first.counts.size > 0,
        120_000,
        () => 'the first counts',
      );
      await first.stop();

      await docker('stop', '--time', '60', broker.container.getId());
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
      await docker('start', broker.container.getId());
      await waitForLeaders([input, output]);

      const after = randomSentences(300, { seed: 16, vocabulary: VOCABULARY, words: [1, 8] });
      await produce(input, after);
      const expected = referenceCounts([...before, ...after]);
      const second = await followCounts(output);
      try {
        await reportingTransactionsOnFailure(applicationId, output, () =>
          until(
            () => differences(second.counts, expected).length === 0,
            180_000,
            () =>
              `the output after the restart (states ${states()}, errors ${errors()}): ` +
              `${differences(second.counts, expected).slice(0, 5)}`,
          ),
        );
      } finally {
        await second.stop();
      }
      await until(
        () => differences(globalStore, expected).length === 0,
        60_000,
        () => `the global store after the restart: ${differences(globalStore, expected).slice(0, 5)}`,
      );
      // A rebalance may still be settling once the counts are exact (kafkajs' members rejoin late): no instance failed.
      await until(
        () => states().every((state) => state === 'RUNNING'),
        60_000,
        () => `every instance RUNNING (states ${states()}, errors ${errors()})`,
      );
      expect(errors()).toEqual([]);
    } finally {
      await Promise.all(instances.map((instance) => instance.close({ timeoutMs: 20_000 })));
    }
  }
});
