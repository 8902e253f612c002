// Posted sentences arrive in the topic exactly: every one, once, unchanged (JSON, bulk NDJSON, ≥ 20 MB bulk).
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Admin } from 'kafkajs';
import type { Server } from 'node:net';
import request from 'supertest';
import { bootstrapServers, createTopics, kafka, readAll, uniqueName } from '../../../../test/support/kafka.js';
import { generatedLines, postStream } from '../support/post-stream.js';
import { startProducerApp } from '../support/producer-app.js';

jest.setTimeout(180_000);

describe('producer against a real broker', () => {
  const client = kafka();
  let admin: Admin;

  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
  });
  afterAll(() => admin.disconnect());

  async function startWithTopic(): Promise<{ app: NestExpressApplication; topic: string }> {
    const topic = uniqueName('sentences');
    await createTopics(admin, [{ topic, partitions: 3 }]);
    const app = await startProducerApp({
      KAFKA_BOOTSTRAP_SERVERS: bootstrapServers().join(','),
      SENTENCES_TOPIC: topic,
      LOG_LEVEL: 'warn',
    });
    await app.listen(0, '127.0.0.1');
    return { app, topic };
  }

  it('publishes JSON sentences, one record each, value = text, key = null', async () => {
    const { app, topic } = await startWithTopic();
    try {
      const texts = ['the quick brown fox', 'jumps over the lazy dog', 'Grüße, 世界 🌍'];
      const single = await request(app.getHttpServer()).post('/sentences').send({ text: texts[0] });
      const many = await request(app.getHttpServer())
        .post('/sentences')
        .send(texts.slice(1).map((text) => ({ text })));
      expect([single.status, many.status]).toEqual([202, 202]);
      expect(many.body).toEqual({ accepted: 2 });

      const records = await readAll(client, topic, { expected: 3 });
      expect(records.map((r) => r.value).sort()).toEqual([...texts].sort());
      expect(records.every((r) => r.key === null)).toBe(true);
      expect((await request(app.getHttpServer()).get('/health/ready')).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('streams a bulk NDJSON upload of more than 20 MB into the topic, exactly', async () => {
    const { app, topic } = await startWithTopic();
    try {
      const count = 110_000; // ~200 bytes a line: ~22 MB
      const text = (i: number) => `sentence ${i} ${'lorem ipsum dolor sit amet '.repeat(7)}`;
      let bytes = 0;
      const response = await postStream(
        app.getHttpServer() as Server,
        '/sentences/bulk',
        'application/x-ndjson',
        generatedLines(
          count,
          (i) => JSON.stringify({ text: text(i) }),
          (total) => (bytes = total),
        ),
      );
      expect(bytes).toBeGreaterThan(20 * 1024 * 1024);
      expect(response).toEqual({ status: 202, body: { accepted: count } });

      const records = await readAll(client, topic, { expected: count, idleMs: 10_000 });
      expect(records).toHaveLength(count);
      const seen = new Set(records.map((r) => r.value));
      expect(seen.size).toBe(count);
      for (let i = 0; i < count; i += 1) if (!seen.has(text(i))) throw new Error(`sentence ${i} is missing`);
    } finally {
      await app.close();
    }
  });
});
