// GET /dashboard, /dashboard/topology and /dashboard/events over the in-memory store, with word-count instances
// played by small HTTP servers: what is asked, aggregated and streamed, and how a missing instance shows.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type { DashboardSnapshot } from '../../src/dashboard/dashboard-feed.js';
import type { InstanceReport, TopologyLayout } from '../../src/dashboard/word-count-reports.js';
import { freePort } from '../../../../tools/start/http-wait.ts';
import { EventStream } from '../support/event-stream.js';
import { InMemoryCountStore, InMemoryDeadLetters, inMemoryBackend } from '../support/in-memory-count-store.js';
import { startQueryApiApp } from '../support/query-api-app.js';

const LAYOUT: TopologyLayout = {
  applicationId: 'word-count',
  description: 'Topologies:\n',
  mermaid: 'flowchart TD\n',
  internalTopics: ['word-count-word-counts-changelog', 'word-count-words-repartition'],
  subtopologies: [
    { id: 0, sourceTopics: ['sentences'], stores: [] },
    { id: 1, sourceTopics: ['word-count-words-repartition'], stores: ['word-counts'] },
  ],
};

/** A word-count instance as far as the dashboard asks it; `answer` says what GET /state/instance answers. */
class FakeWordCount {
  processed = 0;
  answer: 'report' | 'garbage' = 'report';
  private server!: Server;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/state/topology') return void res.end(JSON.stringify(LAYOUT));
      if (this.answer === 'garbage') return void res.end(JSON.stringify({ hello: 'world' }));
      res.end(JSON.stringify(this.report()));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  report(): InstanceReport {
    return {
      instanceId: 'word-count-1',
      applicationServer: `127.0.0.1:${this.port}`,
      members: [`127.0.0.1:${this.port}`],
      state: 'RUNNING',
      rebalances: 1,
      tasks: [
        {
          id: '1_0',
          subtopology: 1,
          partition: 0,
          role: 'active',
          lag: 7,
          processed: this.processed,
          deadLettered: 0,
          restore: null,
        },
        {
          id: '1_1',
          subtopology: 1,
          partition: 1,
          role: 'restoring',
          lag: 40,
          processed: 0,
          deadLettered: 0,
          restore: { restored: 60, remaining: 40 },
        },
      ],
    };
  }
}

const INTERVAL_MS = 100;

async function until<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`no ${what} within 5 s; last ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the dashboard routes', () => {
  const store = new InMemoryCountStore();
  const deadLetters = new InMemoryDeadLetters();
  const wordCount = new FakeWordCount();
  let app: NestExpressApplication;
  let closedPort: number;
  const snapshot = async (): Promise<DashboardSnapshot> => (await request(app.getHttpServer()).get('/dashboard')).body;

  beforeAll(async () => {
    store.finishBootstrap();
    await wordCount.start();
    closedPort = await freePort();
    app = await startQueryApiApp(
      {
        KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:1',
        LOG_LEVEL: 'silent',
        WORD_COUNT_URLS: `http://127.0.0.1:${wordCount.port},http://127.0.0.1:${closedPort}`,
        WORD_COUNT_TIMEOUT_MS: '1000',
        DASHBOARD_INTERVAL_MS: String(INTERVAL_MS),
      },
      inMemoryBackend(store, deadLetters),
    );
    await app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await app.close();
    await wordCount.stop();
  });

  it('shows each configured instance: its tasks when it answers, unreachable with the reason when not', async () => {
    const { instances } = await until(snapshot, (s) => s.instances.length === 2, 'two instances');
    const keys = [`127.0.0.1:${wordCount.port}`, `127.0.0.1:${closedPort}`];
    expect(instances.map(({ key }) => key)).toEqual([...keys].sort()); // in the order of their keys
    expect(instances.find(({ status }) => status === 'up')).toEqual({
      key: `127.0.0.1:${wordCount.port}`,
      url: `http://127.0.0.1:${wordCount.port}`,
      status: 'up',
      error: null,
      instanceId: 'word-count-1',
      state: 'RUNNING',
      tasks: wordCount.report().tasks,
    });
    expect(instances.find(({ status }) => status === 'unreachable')).toEqual({
      key: `127.0.0.1:${closedPort}`,
      url: `http://127.0.0.1:${closedPort}`,
      status: 'unreachable',
      error: 'ECONNREFUSED',
      instanceId: null,
      state: null,
      tasks: [],
    });
  });

  it('rates the words counted from the instances, and the counts and their latency from the store', async () => {
    await until(snapshot, (s) => s.throughput.points.length >= 2, 'two points');
    wordCount.processed += 1_000;
    const withWords = await until(snapshot, (s) => (s.throughput.points.at(-1)?.wordsIn ?? 0) > 0, 'words/s');
    // 1000 words between two rounds about INTERVAL_MS apart, give or take the machine.
    const wordsIn = withWords.throughput.points.reduce((sum, p) => sum + (p.wordsIn ?? 0) * (INTERVAL_MS / 1000), 0);
    expect(wordsIn).toBeGreaterThan(300);
    store.set({ fox: 1, dog: 2 }, Date.now() - 1_500);
    const withCounts = await until(snapshot, (s) => s.throughput.points.some((p) => p.countsOut > 0), 'counts/s');
    const point = withCounts.throughput.points.find((p) => p.countsOut > 0)!;
    expect(point.latencyP50Ms).toBeGreaterThanOrEqual(1_500);
    expect(point.latencyP50Ms).toBeLessThan(5_000);
    expect(withCounts.throughput.historyMs).toBe(300_000);
  });

  it('passes the dead letters on as the source has them', async () => {
    deadLetters.add({
      partition: 2,
      offset: '17',
      timestamp: '2026-11-24T10:00:00.000Z',
      key: 'broken',
      value: null,
      exception: 'Error',
      message: 'a sentence without a value',
      source: 'sentences-2@41',
    });
    const { deadLetters: shown } = await until(snapshot, (s) => s.deadLetters.count === 1, 'the dead letter');
    expect(shown).toMatchObject({ topic: 'word-count-dlq', status: 'live', reason: null });
    expect(shown.latest[0]).toMatchObject({ offset: '17', message: 'a sentence without a value' });
  });

  it('answers the topology of an instance that answers', async () => {
    const response = await request(app.getHttpServer()).get('/dashboard/topology');
    expect(response.status).toBe(200);
    expect(response.body).toEqual(LAYOUT);
  });

  it('streams the history first, then one new point per round', async () => {
    const events = await EventStream.open(`${await app.getUrl()}/dashboard/events`);
    try {
      const first = await events.waitFor((e) => e.event === 'dashboard', 5_000, 'the first event');
      expect(first.retry).toBe(3_000);
      const history: DashboardSnapshot = JSON.parse(first.data!);
      expect(history.throughput.points.length).toBeGreaterThan(1);
      await events.waitFor((e) => e !== first && e.event === 'dashboard', 5_000, 'a second event');
      const next: DashboardSnapshot = JSON.parse(events.received.filter((e) => e.event === 'dashboard')[1]!.data!);
      expect(next.throughput.points).toHaveLength(1);
      expect(next.throughput.points[0]!.t).toBeGreaterThan(history.throughput.points.at(-1)!.t);
      expect(next.instances).toHaveLength(2);
    } finally {
      events.close();
    }
  });

  it('shows an instance that answers something else as unreachable, saying so', async () => {
    wordCount.answer = 'garbage';
    try {
      const fake = (s: DashboardSnapshot) =>
        s.instances.find(({ url }) => url === `http://127.0.0.1:${wordCount.port}`);
      const answered = await until(snapshot, (s) => fake(s)?.status === 'unreachable', 'the instance unreachable');
      expect(fake(answered)!.error).toBe('answered something that is not a word-count report');
    } finally {
      wordCount.answer = 'report';
    }
  });

  it('documents the routes', async () => {
    const { paths } = (await request(app.getHttpServer()).get('/docs/json')).body;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining(['/dashboard', '/dashboard/topology', '/dashboard/events']),
    );
    expect(Object.keys(paths['/dashboard/topology'].get.responses)).toEqual(expect.arrayContaining(['200', '503']));
  });
});

describe('the dashboard with no word-count answering', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    const store = new InMemoryCountStore();
    store.finishBootstrap();
    app = await startQueryApiApp(
      {
        KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:1',
        LOG_LEVEL: 'silent',
        WORD_COUNT_URLS: `http://127.0.0.1:${await freePort()}`,
        DASHBOARD_INTERVAL_MS: String(INTERVAL_MS),
      },
      inMemoryBackend(store),
    );
  });
  afterAll(() => app.close());

  it('answers the topology with 503 and a reason, and the words/s as unknown', async () => {
    const response = await request(app.getHttpServer()).get('/dashboard/topology');
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.body).toMatchObject({ statusCode: 503, reason: 'word-count-unavailable' });
    const { body } = await until(
      async () => request(app.getHttpServer()).get('/dashboard'),
      ({ body }) => (body as DashboardSnapshot).throughput.points.length >= 2,
      'two points',
    );
    expect((body as DashboardSnapshot).throughput.points.at(-1)!.wordsIn).toBeNull();
  });
});
