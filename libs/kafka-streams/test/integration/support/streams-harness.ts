// Starts KafkaStreams instances for tests and makes sure every one of them is closed afterwards.
import { KafkaStreams, type RunnableTopology, type StreamsConfigInput } from '../../../src/index.js';
import { resolveStreamsConfig } from '../../../src/runtime/config.js';
import { bootstrapServers, waitFor } from '../../../../../test/support/kafka.js';
import type kafkajs from 'kafkajs';
import type { ClientConnectionOptions, KafkaClientFactory } from '../../../src/internal/client/types.js';
import { KafkajsClientFactory } from '../../../src/internal/client/kafkajs/client-factory.js';
import { PlatformaticClientFactory } from '../../../src/internal/client/platformatic/client-factory.js';

/**
 * The Kafka client the runtime suite runs on: env KAFKA_STREAMS_CLIENT=platformatic|kafkajs, else StreamsConfig's
 * default, so that the same suite runs on either client.
 */
export function clientUnderTest(): 'kafkajs' | 'platformatic' {
  const client = process.env['KAFKA_STREAMS_CLIENT'];
  if (client === undefined || client === '') {
    return resolveStreamsConfig({ applicationId: 'default', bootstrapServers: 'localhost:9092' }).client;
  }
  if (client === 'kafkajs' || client === 'platformatic') return client;
  throw new Error(`KAFKA_STREAMS_CLIENT must be "kafkajs" or "platformatic", not "${client}"`);
}

/** A client factory of the client under test, for tests that wrap or replace some of its clients. */
export function clientFactoryUnderTest(options: ClientConnectionOptions): KafkaClientFactory {
  return clientUnderTest() === 'platformatic'
    ? new PlatformaticClientFactory(options)
    : new KafkajsClientFactory(options);
}

export class StreamsHarness {
  private readonly started: KafkaStreams[] = [];

  create(topology: RunnableTopology, applicationId: string, overrides: Partial<StreamsConfigInput> = {}): KafkaStreams {
    const streams = new KafkaStreams(topology, {
      applicationId,
      bootstrapServers: bootstrapServers(),
      commitIntervalMs: 100,
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 500,
      logger: quietLogger,
      client: clientUnderTest(),
      ...overrides,
    });
    this.started.push(streams);
    return streams;
  }

  async startRunning(topology: RunnableTopology, applicationId: string, overrides: Partial<StreamsConfigInput> = {}) {
    return this.run(this.create(topology, applicationId, overrides), applicationId);
  }

  /** Starts an instance made by create() (once the test registered its listeners) and waits until it is RUNNING. */
  async run(streams: KafkaStreams, name = 'the instance'): Promise<KafkaStreams> {
    await streams.start();
    await waitFor(
      () => streams.state === 'RUNNING',
      30_000,
      () => `${name} to be RUNNING (it is ${streams.state})`,
    );
    return streams;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.started.splice(0).map((s) => s.close({ timeoutMs: 10_000 })));
  }
}

/** Only errors reach the test output. */
const quietLogger = {
  debug() {},
  info() {},
  warn() {},
  error(message: string, fields?: Readonly<Record<string, unknown>>) {
    process.stderr.write(`[streams error] ${message} ${JSON.stringify(fields ?? {})}\n`);
  },
};

export interface ProducedRecord {
  readonly key: string | null;
  readonly value: string | null;
  readonly partition?: number;
  /** Epoch milliseconds; the producer's clock when absent. */
  readonly timestamp?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

export async function produce(
  client: kafkajs.Kafka,
  topic: string,
  records: ReadonlyArray<ProducedRecord>,
): Promise<void> {
  // Idempotent: kafkajs retries a whole Produce request when any partition in it failed with a retriable error (such
  // as a partition of a just-created topic the broker does not host yet), and a plain producer then writes the other
  // partitions' records again. Under load a state-word-count input got 604 of 400 sentences (partitions 0 and 1 twice).
  const producer = client.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    await producer.send({
      topic,
      messages: records.map(({ timestamp, ...record }) =>
        timestamp === undefined ? { ...record } : { ...record, timestamp: String(timestamp) },
      ),
    });
  } finally {
    await producer.disconnect();
  }
}
