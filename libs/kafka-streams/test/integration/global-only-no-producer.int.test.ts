// A topology with only global stores has no stream task, so nothing is ever written: no producer is created
// (its user then needs no Write ACL), under either guarantee.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { Consumed, KafkaStreams, Materialized, Serdes, StreamsBuilder } from '../../src/index.js';
import { bootstrapServers, createTopics, kafka, uniqueName } from '../../../../test/support/kafka.js';
import { clientFactoryUnderTest } from './support/streams-harness.js';
import { TempDirs } from './support/temp-dirs.js';
import { wrapClientFactory } from './support/wrapped-client-factory.js';

jest.setTimeout(60_000);

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

describe('a topology with no sink', () => {
  const client = kafka();
  const stateDirs = new TempDirs('streamkit-no-producer');
  let admin: Admin;
  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
  });
  afterAll(async () => {
    await admin.disconnect();
    stateDirs.removeAll();
  });

  it.each(['at_least_once', 'exactly_once'] as const)('opens no producer (%s)', async (processingGuarantee) => {
    const topic = uniqueName('no-producer-table');
    await createTopics(admin, [{ topic, partitions: 2, compacted: true }]);
    const builder = new StreamsBuilder();
    const str = Serdes.String();
    builder.globalTable(topic, Consumed.with({ keySerde: str, valueSerde: str }), Materialized.as('table'));
    const real = clientFactoryUnderTest({ clientId: 'no-producer', brokers: bootstrapServers(), logger: quiet });
    const producers: string[] = [];
    const clientFactory = wrapClientFactory(real, {
      producer: (options) => (producers.push('producer'), real.producer(options)),
      transactionalProducer: (options) => (producers.push('transactional'), real.transactionalProducer(options)),
    });
    const streams = new KafkaStreams(
      builder.build(),
      {
        applicationId: uniqueName('no-producer'),
        bootstrapServers: bootstrapServers(),
        stateDir: stateDirs.create(),
        processingGuarantee,
        logger: quiet,
      },
      { clientFactory },
    );
    try {
      await streams.start();
      expect(streams.state).toBe('RUNNING');
      expect(producers).toEqual([]);
    } finally {
      await streams.close({ timeoutMs: 10_000 });
    }
  });
});
