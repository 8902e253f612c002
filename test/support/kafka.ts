// Shared helpers for tests that talk to a real broker.
import { randomUUID } from 'node:crypto';
import kafkajs, { type Admin, type Consumer, type KafkaConfig } from 'kafkajs';
import { ensureTopics, type TopicSpec } from '../../tools/start/topics.js';

const { Kafka, logLevel } = kafkajs;

export function bootstrapServers(): string[] {
  const servers = process.env.KAFKA_BOOTSTRAP_SERVERS;
  if (!servers)
    throw new Error('KAFKA_BOOTSTRAP_SERVERS is not set: run integration tests through `npm run test:integration`');
  return servers.split(',').map((s) => s.trim());
}

export function kafka(config: Partial<KafkaConfig> = {}): kafkajs.Kafka {
  return new Kafka({
    clientId: 'streamkit-tests',
    brokers: bootstrapServers(),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    ...config,
  });
}

/** A topic name no other test (or earlier run) uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/**
 * Creates the topics (one replica; `compacted` sets cleanup.policy=compact) and waits until every partition has a
 * leader. A broker started a moment ago answers its first requests with retriable errors: those are retried.
 */
export async function createTopics(
  admin: Admin,
  topics: ReadonlyArray<{ topic: string; partitions?: number; compacted?: boolean }>,
): Promise<void> {
  await ensureTopics(
    admin,
    topics.map(({ topic, partitions = 1, compacted = false }): TopicSpec => ({
      name: topic,
      partitions,
      replicas: 1,
      config: compacted ? { 'cleanup.policy': 'compact' } : {},
    })),
  );
}

export interface ConsumedRecord {
  readonly key: string | null;
  readonly value: string | null;
  readonly partition: number;
  readonly offset: string;
}

/**
 * Reads `topic` from the beginning until `expected` records arrived or `idleMs` passed without a new one,
 * and returns what was read. The idle clock starts when the reader has joined its group and been given the
 * topic's partitions, not when it is created: joining takes seconds on a loaded machine, and a cut-off
 * counted from creation gave up before the first fetch. `isolation` picks read_committed (default) or
 * read_uncommitted; `valueEncoding` and `keyEncoding` how values and keys are decoded (`hex` for binary serdes,
 * e.g. a changelog's int64 counts or a window store's keys).
 */
export async function readAll(
  client: kafkajs.Kafka,
  topic: string,
  options: {
    expected?: number;
    idleMs?: number;
    timeoutMs?: number;
    isolation?: 'read_committed' | 'read_uncommitted';
    valueEncoding?: 'utf8' | 'hex';
    keyEncoding?: 'utf8' | 'hex';
  } = {},
): Promise<ConsumedRecord[]> {
  const {
    expected = Number.POSITIVE_INFINITY,
    idleMs = 3_000,
    timeoutMs = 60_000,
    isolation = 'read_committed',
    valueEncoding = 'utf8',
    keyEncoding = 'utf8',
  } = options;
  const consumer: Consumer = client.consumer({
    groupId: uniqueName('reader'),
    readUncommitted: isolation === 'read_uncommitted',
    maxWaitTimeInMs: 200,
  });
  const records: ConsumedRecord[] = [];
  let lastArrival: number | undefined;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    lastArrival ??= Date.now();
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message, partition }) => {
      records.push({
        key: message.key?.toString(keyEncoding) ?? null,
        value: message.value?.toString(valueEncoding) ?? null,
        partition,
        offset: message.offset,
      });
      lastArrival = Date.now();
    },
  });
  const started = Date.now();
  const idle = (): boolean => lastArrival !== undefined && Date.now() - lastArrival >= idleMs;
  try {
    while (records.length < expected && !idle() && Date.now() - started < timeoutMs) {
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/**
 * Polls `condition` every 50 ms until it holds; fails after `timeoutMs` with `what` in the message (a function
 * is called at the time of failure, so it can describe the last state the condition saw).
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
  what: string | (() => string) = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
