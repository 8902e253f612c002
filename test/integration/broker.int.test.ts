import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { createTopics, kafka, readAll, uniqueName } from '../support/kafka.js';

describe('the integration broker', () => {
  const client = kafka();
  let admin: Admin;

  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
  });
  afterAll(async () => {
    await admin.disconnect();
  });

  it('creates a topic, and a record produced to it is consumed back', async () => {
    const topic = uniqueName('roundtrip');
    await createTopics(admin, [{ topic, partitions: 3 }]);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0]?.partitions).toHaveLength(3);

    const producer = client.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { key: 'k1', value: 'hello' },
        { key: 'k2', value: 'kafka' },
      ],
    });
    await producer.disconnect();

    const records = await readAll(client, topic, { expected: 2 });
    expect(records.map(({ key, value }) => [key, value]).sort()).toEqual([
      ['k1', 'hello'],
      ['k2', 'kafka'],
    ]);
  });

  it('does not create topics automatically (the library creates what it needs)', async () => {
    const producer = client.producer({ allowAutoTopicCreation: true, retry: { retries: 1 } });
    await producer.connect();
    const missing = uniqueName('never-created');
    await expect(producer.send({ topic: missing, messages: [{ value: 'x' }] })).rejects.toThrow();
    await producer.disconnect();
    expect(await admin.listTopics()).not.toContain(missing);
  });
});
