// With no broker behind KAFKA_BOOTSTRAP_SERVERS the producer answers 503 within KAFKA_SEND_TIMEOUT_MS, not never.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { RETRY_AFTER_SECONDS } from '@streamkit/nest';
import request from 'supertest';
import { startProducerApp } from '../support/producer-app.js';

const SEND_TIMEOUT_MS = 1_000;

describe('producer without a reachable broker', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await startProducerApp({
      KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:1',
      KAFKA_SEND_TIMEOUT_MS: String(SEND_TIMEOUT_MS),
      LOG_LEVEL: 'silent',
    });
  });
  afterAll(() => app.close());

  it.each([
    ['/sentences', 'application/json', '{"text":"lost?"}'],
    ['/sentences/bulk', 'text/plain', 'one\ntwo\n'],
  ])('answers %s with 503 and Retry-After within the send timeout', async (path, type, body) => {
    const started = Date.now();
    const response = await request(app.getHttpServer()).post(path).set('content-type', type).send(body);
    const elapsed = Date.now() - started;
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
    expect(response.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: expect.stringMatching(/^Kafka /),
      reason: 'kafka-unavailable',
    });
    // A refused connection fails fast; a broker that does not answer fails at the send timeout.
    expect(elapsed).toBeLessThan(SEND_TIMEOUT_MS + 1_000);
  });

  it('is not ready, but live', async () => {
    const ready = await request(app.getHttpServer()).get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.error.kafka.status).toBe('down');
    expect((await request(app.getHttpServer()).get('/health/live')).status).toBe(200);
  });
});
