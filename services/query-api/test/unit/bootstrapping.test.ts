// Until the global stores are bootstrapped, reads answer 503 with a reason and the service is not ready.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { RETRY_AFTER_SECONDS } from '@streamkit/nest';
import request from 'supertest';
import { TopWords } from '../../src/counts/top-words.js';
import { InMemoryCountStore, inMemoryBackend } from '../support/in-memory-count-store.js';
import { startQueryApiApp } from '../support/query-api-app.js';

describe('query API while the store is bootstrapping', () => {
  let app: NestExpressApplication;
  const store = new InMemoryCountStore();

  beforeAll(async () => {
    app = await startQueryApiApp(
      { KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:1', LOG_LEVEL: 'silent' },
      inMemoryBackend(store),
    );
  });
  afterAll(() => app.close());

  const get = (path: string) => request(app.getHttpServer()).get(path);

  it.each(['/counts/fox', '/counts?prefix=f', '/counts/fox/windows', '/top'])(
    'answers %s with 503, the reason and Retry-After',
    async (path) => {
      const response = await get(path);
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
      expect(response.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: expect.stringMatching(/bootstrapping|loading/),
        reason: 'not-running',
      });
    },
  );

  it('still validates first: a bad request is a 400, not a 503', async () => {
    expect((await get('/top?n=0')).status).toBe(400);
  });

  it('is live but not ready; the dashboard is served meanwhile', async () => {
    const ready = await get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.error.counts).toEqual({ status: 'down', reason: 'bootstrapping' });
    expect((await get('/health/live')).status).toBe(200);
    expect((await get('/')).status).toBe(200);
  });

  it('answers once bootstrapped, with the updates that arrived meanwhile in the ranking', async () => {
    store.set({ fox: 3 });
    store.finishBootstrap();
    store.set({ dog: 5 });
    await app.get(TopWords).settled();

    expect((await get('/counts/fox')).body).toEqual({ word: 'fox', count: 3 });
    expect((await get('/top')).body.words).toEqual([
      { word: 'dog', count: 5 },
      { word: 'fox', count: 3 },
    ]);
    expect((await get('/health/ready')).body.info.counts.status).toBe('up');
  });
});
