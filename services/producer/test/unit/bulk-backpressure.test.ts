// A large bulk upload is read only as fast as Kafka acknowledges: the server never runs far ahead.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { KafkaProducerClient } from '@streamkit/nest';
import type { Server } from 'node:net';
import { generatedLines, postStream } from '../support/post-stream.js';
import { RecordingProducer, startProducerApp } from '../support/producer-app.js';

const MB = 1024 * 1024;

jest.setTimeout(60_000);

describe('POST /sentences/bulk back-pressure', () => {
  let app: NestExpressApplication;
  const kafka = new RecordingProducer();

  beforeAll(async () => {
    kafka.ackDelayMs = 15; // a slow broker
    app = await startProducerApp({ KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:1', LOG_LEVEL: 'silent' }, (builder) =>
      builder.overrideProvider(KafkaProducerClient).useValue(kafka),
    );
    await app.listen(0, '127.0.0.1');
  });
  afterAll(() => app.close());

  it('streams a 64 MB upload with the client held back to a few MB ahead of what Kafka acknowledged', async () => {
    const lines = 640_000; // 100 bytes each
    const line = (i: number) => `sentence ${String(i).padStart(7, '0')} `.padEnd(99, 'x');
    let generated = 0;
    let maxAhead = 0;
    const produce = kafka.produce.bind(kafka);
    let acknowledged = 0;
    kafka.produce = async (topic, messages) => {
      maxAhead = Math.max(maxAhead, generated - acknowledged);
      const result = await produce(topic, messages);
      acknowledged += messages.reduce((sum, m) => sum + m.value.length + 1, 0);
      return result;
    };

    const response = await postStream(
      app.getHttpServer() as Server,
      '/sentences/bulk',
      'text/plain',
      generatedLines(lines, line, (bytes) => (generated = bytes)),
    );

    expect(response).toEqual({ status: 202, body: { accepted: lines } });
    expect(kafka.values).toHaveLength(lines);
    // Socket buffers (kernel and Node) plus one 512 KiB batch: far below the 64 MB sent.
    expect(maxAhead).toBeLessThan(16 * MB);
  });
});
