// The broker advertises AddPartitionsToTxn up to v5, whose versions 4 and up are for brokers: the transactional
// producer must negotiate v3, and a transaction through it must still commit where read_committed readers see it.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { addPartitionsToTxnV3, Producer } from '@platformatic/kafka';
import type { Admin } from 'kafkajs';
import { ClientProducer } from '../../src/internal/client/platformatic/client-api-versions.js';
import { PlatformaticTransactionalProducer } from '../../src/internal/client/platformatic/transactional-producer.js';
import { negotiated } from '../support/negotiated-api.js';
import { bootstrapServers, createTopics, kafka, uniqueName } from '../../../../test/support/kafka.js';

jest.setTimeout(60_000);

describe('request versions of the platformatic transactional producer', () => {
  let admin: Admin;
  const topic = uniqueName('client-api-versions');
  const options = { clientId: 'client-api-versions-test', bootstrapBrokers: bootstrapServers() };

  beforeAll(async () => {
    admin = kafka().admin();
    await admin.connect();
    await createTopics(admin, [{ topic, partitions: 2 }]);
  });

  afterAll(async () => {
    await admin.disconnect();
  });

  it('negotiates AddPartitionsToTxn v3, where the package alone takes the broker-only v5', async () => {
    const plain = new Producer(options);
    const client = new ClientProducer(options);
    try {
      expect(await negotiated(plain, 'AddPartitionsToTxn')).not.toBe(addPartitionsToTxnV3.api);
      expect(await negotiated(client, 'AddPartitionsToTxn')).toBe(addPartitionsToTxnV3.api);
      expect(await negotiated(client, 'EndTxn')).toBe(await negotiated(plain, 'EndTxn'));
    } finally {
      await Promise.all([plain.close(true), client.close(true)]);
    }
  });

  it('commits a transaction that read_committed readers see, and aborts one they do not', async () => {
    const producer = new PlatformaticTransactionalProducer(
      { clientId: 'client-api-versions-test', brokers: bootstrapServers(), logger: silentLogger() },
      { transactionalId: uniqueName('client-api-versions-tx'), transactionTimeoutMs: 30_000 },
    );
    await producer.connect();
    try {
      await producer.initTransactions();
      const send = async (value: string, end: 'commitTransaction' | 'abortTransaction') => {
        await producer.beginTransaction();
        await producer.send(
          [0, 1].map((partition) => ({
            topic,
            partition,
            key: null,
            value: Buffer.from(value),
            timestamp: Date.now(),
            headers: [],
          })),
        );
        await producer[end]();
      };
      await send('aborted', 'abortTransaction');
      await send('committed', 'commitTransaction');
    } finally {
      await producer.disconnect();
    }

    const consumer = kafka().consumer({ groupId: uniqueName('client-api-versions-reader'), readUncommitted: false });
    const seen: string[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void seen.push(message.value?.toString() ?? '') });
      const deadline = Date.now() + 30_000;
      while (seen.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      await consumer.disconnect();
    }
    expect(seen).toEqual(['committed', 'committed']);
  });
});

function silentLogger() {
  return { debug() {}, info() {}, warn() {}, error() {} };
}
