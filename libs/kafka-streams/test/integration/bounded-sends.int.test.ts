// What a fetched batch produces is sent while the batch is processed, in bounded parts, rather than held until the
// batch ends: a fetch of sentences split into words gave ~140,000 records per partition, all held (and copied for
// the client) at once — most of the library's peak memory in the benchmark.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { Consumed, KafkaStreams, Produced, Serdes, StreamsBuilder } from '../../src/index.js';
import type { RecordProducer } from '../../src/internal/client/types.js';
import { bootstrapServers, createTopics, kafka, readAll, uniqueName } from '../../../../test/support/kafka.js';
import { clientFactoryUnderTest } from './support/streams-harness.js';
import { TempDirs } from './support/temp-dirs.js';
import { wrapClientFactory } from './support/wrapped-client-factory.js';

jest.setTimeout(120_000);

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const INPUT_RECORDS = 5_000;
const FAN_OUT = 10;
/** The stream thread's bound on records held unsent (MAX_UNSENT_RECORDS), reached after one slice of 1,000 inputs. */
const MOST_PER_SEND = 10_000;

/** Records the size of every send the tasks make through `producer`. */
function counting<P extends Pick<RecordProducer, 'send'>>(producer: P, sizes: number[]): P {
  const send = producer.send.bind(producer);
  producer.send = (records) => {
    sizes.push(records.length);
    return send(records);
  };
  return producer;
}

describe('output of a large fetched batch', () => {
  const client = kafka();
  const stateDirs = new TempDirs('streamkit-bounded-sends');
  let admin: Admin;
  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
  });
  afterAll(async () => {
    await admin.disconnect();
    stateDirs.removeAll();
  });

  it.each(['at_least_once', 'exactly_once'] as const)(
    'is sent in parts of at most 10,000 records while the batch is processed (%s)',
    async (processingGuarantee) => {
      const [input, output] = [uniqueName('bounded-in'), uniqueName('bounded-out')];
      await createTopics(admin, [{ topic: input }, { topic: output }]);
      // Written before the app starts: its first fetch brings them all (about 60 KB) as one batch.
      const producer = client.producer();
      await producer.connect();
      await producer.send({
        topic: input,
        messages: Array.from({ length: INPUT_RECORDS }, (_, i) => ({ key: `k${i % 7}`, value: `v${i}` })),
      });
      await producer.disconnect();

      const str = Serdes.String();
      const builder = new StreamsBuilder();
      builder
        .stream(input, Consumed.with({ keySerde: str, valueSerde: str }))
        .flatMapValues((value) => Array.from({ length: FAN_OUT }, (_, copy) => `${value}.${copy}`))
        .to(output, Produced.with({ keySerde: str, valueSerde: str }));

      const sizes: number[] = [];
      const real = clientFactoryUnderTest({ clientId: 'bounded-sends', brokers: bootstrapServers(), logger: quiet });
      const clientFactory = wrapClientFactory(real, {
        producer: (options) => counting(real.producer(options), sizes),
        transactionalProducer: (options) => counting(real.transactionalProducer(options), sizes),
      });
      const streams = new KafkaStreams(
        builder.build(),
        {
          applicationId: uniqueName('bounded-sends'),
          bootstrapServers: bootstrapServers(),
          stateDir: stateDirs.create(),
          processingGuarantee,
          logger: quiet,
        },
        { clientFactory },
      );
      try {
        await streams.start();
        const written = await readAll(client, output, { expected: INPUT_RECORDS * FAN_OUT, idleMs: 30_000 });
        expect(written).toHaveLength(INPUT_RECORDS * FAN_OUT);
      } finally {
        await streams.close({ timeoutMs: 10_000 });
      }
      expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(INPUT_RECORDS * FAN_OUT);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(MOST_PER_SEND);
    },
  );
});
