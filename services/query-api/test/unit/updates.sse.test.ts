// GET /updates: count changes as Server-Sent Events, coalesced, with heartbeats.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type { CountsEvent } from '../../src/updates/updates-feed.js';
import { EventStream } from '../support/event-stream.js';
import { InMemoryCountStore, inMemoryBackend } from '../support/in-memory-count-store.js';
import { startQueryApiApp } from '../support/query-api-app.js';

const INTERVAL_MS = 200;

describe('GET /updates', () => {
  let app: NestExpressApplication;
  let url: string;
  const store = new InMemoryCountStore();

  beforeAll(async () => {
    store.finishBootstrap();
    const env = {
      KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:1',
      LOG_LEVEL: 'silent',
      UPDATES_INTERVAL_MS: String(INTERVAL_MS),
      UPDATES_HEARTBEAT_MS: '300',
    };
    app = await startQueryApiApp(env, inMemoryBackend(store));
    await app.listen(0, '127.0.0.1');
    url = `${await app.getUrl()}/updates`;
  });
  afterAll(() => app.close());

  it('sends a counts event when a count changes', async () => {
    const events = await EventStream.open(url);
    try {
      expect(events.response.headers.get('content-type')).toContain('text/event-stream');
      const opening = await events.waitFor((e) => e.comments.includes('connected'), 5_000, 'the opening comment');
      expect(opening.retry).toBe(3_000);

      store.set({ fox: 1 });
      const event = await events.waitFor((e) => e.event === 'counts', 5_000, 'a counts event');
      expect(JSON.parse(event.data!)).toEqual({ words: [{ word: 'fox', count: 1 }] } satisfies CountsEvent);
    } finally {
      events.close();
    }
  });

  it('coalesces a burst into few events carrying the latest count per word', async () => {
    const events = await EventStream.open(url);
    try {
      await events.waitFor((e) => e.comments.includes('connected'));
      const started = Date.now();
      for (let i = 1; i <= 5_000; i += 1) store.set({ [`w${i % 50}`]: i });
      await events.waitFor(
        (e) => e.event === 'counts' && e.data!.includes('"w0","count":5000'),
        5_000,
        'the last count of the burst',
      );
      const batches = events.dataOf<CountsEvent>('counts');
      const elapsed = Date.now() - started;
      // At most one event per interval (plus the one that opens it), whatever the number of changes.
      expect(batches.length).toBeLessThanOrEqual(Math.ceil(elapsed / INTERVAL_MS) + 1);
      const latest = new Map(batches.flatMap((b) => b.words).map((w) => [w.word, w.count]));
      expect(latest.size).toBe(50);
      for (let k = 0; k < 50; k += 1) expect(latest.get(`w${k}`)).toBe(4_950 + (k === 0 ? 50 : k));
    } finally {
      events.close();
    }
  });

  it('sends a heartbeat comment on an idle stream, and counts connected clients', async () => {
    const events = await EventStream.open(url);
    try {
      await events.waitFor((e) => e.comments.includes('heartbeat'), 3_000, 'a heartbeat');
      const metrics = await request(app.getHttpServer()).get('/metrics');
      expect(metrics.text).toMatch(/^query_api_updates_clients\{service="query-api"\} 1$/m);
    } finally {
      events.close();
    }
  });
});

describe('GET /updates at shutdown', () => {
  it('ends open streams, so closing the app is not held by connected clients', async () => {
    const store = new InMemoryCountStore();
    store.finishBootstrap();
    const app = await startQueryApiApp(
      { KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:1', LOG_LEVEL: 'silent' },
      inMemoryBackend(store),
    );
    await app.listen(0, '127.0.0.1');
    const events = await EventStream.open(`${await app.getUrl()}/updates`);
    try {
      await events.waitFor((e) => e.comments.includes('connected'));
      const started = Date.now();
      await app.close();
      expect(Date.now() - started).toBeLessThan(2_000);
      await expect(events.waitFor(() => false, 2_000, 'the end')).rejects.toThrow('the event stream ended');
    } finally {
      events.close();
    }
  });
});
