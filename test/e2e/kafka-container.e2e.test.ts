// The Testcontainers Kafka helper end to end: a broker in a container (apache/kafka at the version pinned in
// versions.env), reached from the host through its mapped port with kafkajs.
// Needs a Docker engine and the image: `npm run docker:ensure && npm run docker:images`.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import kafkajs from 'kafkajs';
import { startKafkaContainer, type StartedKafka } from './support/kafka-container.js';

const { Kafka, logLevel } = kafkajs;
const TIMEOUT_MS = 180_000;

describe('Kafka in a container (Testcontainers)', () => {
  let kafka: StartedKafka | undefined;

  beforeAll(async () => {
    kafka = await startKafkaContainer();
  }, TIMEOUT_MS);

  afterAll(async () => {
    await kafka?.stop();
  }, TIMEOUT_MS);

  it(
    'creates a topic, produces a record and consumes it back from the host',
    async () => {
      if (!kafka) throw new Error('the container did not start');
      expect(kafka.bootstrapServers).toMatch(/^[^:]+:\d+$/);
      const client = new Kafka({
        clientId: 'e2e-kafka-container',
        brokers: [kafka.bootstrapServers],
        logLevel: logLevel.NOTHING,
      });
      const topic = `e2e-roundtrip-${randomUUID().slice(0, 8)}`;
      const key = `key-${randomUUID()}`;
      const value = JSON.stringify({ hello: 'kafka', at: Date.now() });

      const admin = client.admin();
      await admin.connect();
      try {
        await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, replicationFactor: 1 }] });
        expect(await admin.listTopics()).toContain(topic);
      } finally {
        await admin.disconnect();
      }

      const producer = client.producer();
      await producer.connect();
      try {
        await producer.send({ topic, messages: [{ key, value }] });
      } finally {
        await producer.disconnect();
      }

      const consumer = client.consumer({ groupId: `e2e-${randomUUID()}`, maxWaitTimeInMs: 200 });
      await consumer.connect();
      try {
        await consumer.subscribe({ topic, fromBeginning: true });
        const received = await new Promise<{ key: string | undefined; value: string | undefined }>(
          (resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no record on ${topic} within 60 s`)), 60_000);
            void consumer
              .run({
                eachMessage: async ({ message }) => {
                  clearTimeout(timer);
                  resolve({ key: message.key?.toString('utf8'), value: message.value?.toString('utf8') });
                },
              })
              .catch(reject);
          },
        );
        expect(received).toEqual({ key, value });
      } finally {
        await consumer.disconnect();
      }
    },
    TIMEOUT_MS,
  );
});
