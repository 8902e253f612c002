// The state endpoints with KafkaStreams replaced by a stand-in: validation, answers from the local stores,
// forwarding to the owning instance, 503 while the stores cannot answer, health, metrics, docs.
import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { InvalidStateStoreError } from '@streamkit/kafka-streams';
import { RETRY_AFTER_SECONDS } from '@streamkit/nest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { StandInStreams, startWordCountApp } from '../support/word-count-app.js';

const SELF = { host: '127.0.0.1', port: 18_080 };
const RETRY_AFTER = String(RETRY_AFTER_SECONDS);
const ONE_WORD = 'must be one word of letters a-z, digits 0-9 or "_" (sentences are split at every other character)';
const MAX_RANGE_MS = 3_600_000;
const env = {
  KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:1',
  APPLICATION_SERVER: '127.0.0.1:18080',
  WINDOW_SIZE_MS: '60000',
  MAX_WINDOW_QUERY_RANGE_MS: String(MAX_RANGE_MS),
  QUERY_FORWARD_TIMEOUT_MS: '1000',
  LOG_LEVEL: 'silent',
};

describe('word-count state API', () => {
  let app: NestExpressApplication;
  let streams: StandInStreams;
  const get = (path: string) => request(app.getHttpServer()).get(path);

  beforeAll(async () => {
    streams = new StandInStreams(SELF);
    app = await startWordCountApp(env, streams);
  });
  afterAll(() => app.close());
  beforeEach(() => {
    streams.state = 'RUNNING';
    streams.owner = SELF;
    streams.local = 'queryable';
    streams.restoring = [];
    streams.storeError = undefined;
    streams.counts.clear();
    streams.windows.clear();
    streams.windowQueries.splice(0);
  });

  describe('GET /state/words/:word', () => {
    it('answers the count from the local store, lower-casing the word, naming this instance', async () => {
      streams.counts.set('fox', 42);
      const response = await get('/state/words/Fox');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ word: 'fox', count: 42 });
      expect(response.headers['x-streamkit-served-by']).toBe('127.0.0.1:18080');
    });

    it('answers 0 for a word never seen (not 404: it simply occurred 0 times)', async () => {
      const response = await get('/state/words/unicorn');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ word: 'unicorn', count: 0 });
    });

    it.each([
      ['a hyphenated word', 'foo-bar', ONE_WORD],
      ['a non-ASCII letter (the topology splits there)', 'caf%C3%A9', ONE_WORD],
      ['a space', 'two%20words', ONE_WORD],
      ['a word longer than any sentence', 'x'.repeat(10_001), 'must be at most 10000 characters'],
    ])('answers 400 for %s, naming the parameter', async (_case, word, reason) => {
      const response = await get(`/state/words/${word}`);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Validation failed',
        errors: [{ field: 'word', reason }],
      });
    });

    it('answers 400 for a path that is not percent-encoded properly', async () => {
      const response = await get('/state/words/%FF');
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ errors: [{ field: '', reason: expect.stringContaining('%FF') }] });
    });
  });

  describe('GET /state/windows/:word', () => {
    const minute = 60_000;
    const t0 = Date.parse('2026-11-24T10:00:00Z');

    it('answers the windows starting within from..to with their counts, oldest first', async () => {
      streams.windows.set('fox', [
        [t0 - minute, 1],
        [t0, 3],
        [t0 + minute, 2],
        [t0 + 5 * minute, 9],
      ]);
      const response = await get(`/state/windows/FOX?from=2026-11-24T10:00:00Z&to=${t0 + 2 * minute}`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        word: 'fox',
        from: '2026-11-24T10:00:00.000Z',
        to: '2026-11-24T10:02:00.000Z',
        windowSizeMs: minute,
        windows: [
          { start: '2026-11-24T10:00:00.000Z', end: '2026-11-24T10:01:00.000Z', count: 3 },
          { start: '2026-11-24T10:01:00.000Z', end: '2026-11-24T10:02:00.000Z', count: 2 },
        ],
      });
    });

    it('accepts zone offsets and plain dates', async () => {
      const response = await get('/state/windows/fox?from=2026-11-24&to=2026-11-24T00:30:00%2B01:00');
      expect(response.status).toBe(400); // 23:30 the day before: before `from`
      expect(response.body.errors).toEqual([{ field: 'from', reason: 'must not be after to' }]);
      expect((await get('/state/windows/fox?from=2026-11-24&to=2026-11-24T00:30:00-00:30')).status).toBe(200);
      expect(streams.windowQueries.at(-1)).toEqual({
        word: 'fox',
        fromMs: Date.parse('2026-11-24T00:00:00Z'),
        toMs: Date.parse('2026-11-24T01:00:00Z'),
      });
    });

    it('defaults to the widest range ending now', async () => {
      const before = Date.now();
      expect((await get('/state/windows/fox')).status).toBe(200);
      const { fromMs, toMs } = streams.windowQueries.at(-1)!;
      expect(toMs).toBeGreaterThanOrEqual(before);
      expect(toMs).toBeLessThanOrEqual(Date.now());
      expect(toMs - fromMs).toBe(MAX_RANGE_MS);
    });

    it.each([
      ['a from that is no time', '?from=yesterday', [{ field: 'from', reason: expect.stringContaining('ISO 8601') }]],
      [
        'a date-time without a zone',
        '?to=2026-11-24T10:00:00',
        [{ field: 'to', reason: expect.stringContaining('ISO') }],
      ],
      ['an impossible date', '?from=2026-02-31T00:00:00Z', [{ field: 'from', reason: expect.stringContaining('ISO') }]],
      ['an impossible time', '?to=2026-11-24T24:30:00Z', [{ field: 'to', reason: expect.stringContaining('ISO') }]],
      ['a negative epoch', '?from=-5', [{ field: 'from', reason: expect.stringContaining('epoch') }]],
      ['from after to', '?from=2000&to=1000', [{ field: 'from', reason: 'must not be after to' }]],
      [
        'a range wider than MAX_WINDOW_QUERY_RANGE_MS',
        `?from=0&to=${MAX_RANGE_MS + 1}`,
        [{ field: 'to', reason: `must be at most ${MAX_RANGE_MS} ms after from (MAX_WINDOW_QUERY_RANGE_MS)` }],
      ],
      ['a parameter given twice', '?from=1&from=2', [{ field: 'from', reason: 'must be given once' }]],
      [
        'both bad, each named',
        '?from=x&to=y',
        [
          { field: 'from', reason: expect.any(String) },
          { field: 'to', reason: expect.any(String) },
        ],
      ],
    ])('answers 400 for %s', async (_case, query, errors) => {
      const response = await get(`/state/windows/fox${query}`);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ message: 'Validation failed', errors });
      expect(streams.windowQueries).toHaveLength(0);
    });
  });

  describe('when the stores cannot answer', () => {
    it('answers 503 with the reason and Retry-After while the word’s task restores', async () => {
      streams.local = 'restoring';
      streams.restoring = ['1_0'];
      for (const path of ['/state/words/fox', '/state/windows/fox']) {
        const response = await get(path);
        expect(response.status).toBe(503);
        expect(response.headers['retry-after']).toBe(RETRY_AFTER);
        expect(response.body).toEqual({
          statusCode: 503,
          error: 'Service Unavailable',
          message: "this instance owns the key and is restoring the key's state",
          reason: 'restoring',
        });
      }
      const ready = await get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.error.kafkaStreams).toMatchObject({ status: 'down', restoringTasks: ['1_0'] });
    });

    it('answers 503 while the group rebalances and the owner is not known', async () => {
      streams.state = 'REBALANCING';
      streams.owner = undefined;
      const response = await get('/state/words/fox');
      expect(response.status).toBe(503);
      expect(response.body.reason).toBe('rebalancing');
    });

    it('answers 503 when the store is closed under the read (InvalidStateStoreError)', async () => {
      streams.storeError = new InvalidStateStoreError('state store "word-counts" cannot be queried', 'not-running');
      const response = await get('/state/words/fox');
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe(RETRY_AFTER);
      expect(response.body).toMatchObject({ reason: 'rebalancing', message: expect.stringContaining('word-counts') });
    });

    it('answers 503 when this instance is not running', async () => {
      streams.state = 'PENDING_SHUTDOWN';
      const response = await get('/state/words/fox');
      expect(response.status).toBe(503);
      expect(response.body.reason).toBe('not-running');
    });
  });

  describe('a word another instance owns', () => {
    let owner: Server;
    const received: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
    let ownerReply = { status: 200, body: {} as object };

    beforeEach(() => {
      ownerReply = { status: 200, body: { word: 'fox', count: 7 } };
    });

    beforeAll(async () => {
      owner = createServer((req, res) => {
        received.push({ url: req.url!, headers: req.headers });
        res.writeHead(ownerReply.status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(ownerReply.body));
      });
      await new Promise<void>((resolve) => owner.listen(0, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise<void>((resolve) => owner.close(() => resolve())));

    it('is asked of the owner, once, and its answer relayed', async () => {
      const ownerPort = (owner.address() as AddressInfo).port;
      streams.owner = { host: '127.0.0.1', port: ownerPort };
      const response = await get('/state/words/Fox');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ word: 'fox', count: 7 });
      expect(response.headers['x-streamkit-served-by']).toBe(`127.0.0.1:${ownerPort}`);
      expect(received.at(-1)).toMatchObject({
        url: '/state/words/fox',
        headers: { 'x-streamkit-forwarded-by': '127.0.0.1:18080' },
      });
    });

    it('asks the owner for exactly the resolved range', async () => {
      streams.owner = { host: '127.0.0.1', port: (owner.address() as AddressInfo).port };
      await get('/state/windows/fox?from=1000&to=2000');
      expect(received.at(-1)!.url).toBe('/state/windows/fox?from=1000&to=2000');
    });

    it('answers 503 when the owner cannot be reached', async () => {
      streams.owner = { host: '127.0.0.1', port: 1 };
      const response = await get('/state/words/fox');
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({
        reason: 'owner-unreachable',
        message: expect.stringContaining('127.0.0.1:1'),
      });
    });

    it('answers 503 with the message of the owner when it cannot answer either', async () => {
      streams.owner = { host: '127.0.0.1', port: (owner.address() as AddressInfo).port };
      ownerReply = {
        status: 503,
        body: { statusCode: 503, error: 'Service Unavailable', message: 'restoring the key', reason: 'restoring' },
      };
      const response = await get('/state/words/fox');
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe(RETRY_AFTER);
      expect(response.body).toMatchObject({
        reason: 'owner-unavailable',
        message: expect.stringMatching(/cannot answer now: restoring the key$/),
      });
    });

    it('does not forward a request that was forwarded to it', async () => {
      streams.owner = { host: '127.0.0.1', port: (owner.address() as AddressInfo).port };
      const response = await get('/state/words/fox').set('x-streamkit-forwarded-by', '10.0.0.9:8080');
      expect(response.status).toBe(503);
      expect(response.body.reason).toBe('not-owner');
    });
  });

  it('is ready when RUNNING with nothing restoring, and live', async () => {
    expect((await get('/health/ready')).body.info.kafkaStreams).toEqual({
      status: 'up',
      state: 'RUNNING',
      activeTasks: 2,
    });
    streams.state = 'ERROR';
    expect((await get('/health/live')).status).toBe(503);
    streams.state = 'RUNNING';
    expect((await get('/health/live')).status).toBe(200);
  });

  it('counts queries by how they were answered, and exports the streams state, in /metrics', async () => {
    await get('/state/words/fox');
    const metrics = await get('/metrics');
    expect(metrics.text).toMatch(
      /^word_count_state_queries_total\{endpoint="words",answer="local",service="word-count"\} \d+$/m,
    );
    expect(metrics.text).toContain('kafka_streams_state{state="RUNNING",service="word-count"} 1');
  });

  describe('GET /state/instance and /state/topology', () => {
    it("reports this instance's tasks and the topology it runs", async () => {
      const instance = await get('/state/instance');
      expect(instance.status).toBe(200);
      expect(instance.body).toMatchObject({
        applicationServer: '127.0.0.1:18080',
        members: ['127.0.0.1:18080'],
        state: 'RUNNING',
      });
      expect(instance.body.tasks.map(({ id, role }: { id: string; role: string }) => [id, role])).toEqual([
        ['0_0', 'active'],
        ['1_0', 'active'],
      ]);
      const topology = await get('/state/topology');
      expect(topology.status).toBe(200);
      expect(topology.body.applicationId).toBe('word-count');
      expect(topology.body.internalTopics).toContain('word-count-words-repartition');
      expect(topology.body.mermaid).toMatch(/^flowchart TD/);
    });
  });

  it('serves the OpenAPI document at /docs', async () => {
    const document = await get('/docs/json');
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining(['/state/words/{word}', '/state/windows/{word}', '/health/ready']),
    );
  });

  it('answers a method a path does not take with 405 and Allow', async () => {
    const response = await request(app.getHttpServer()).trace('/state/words/fox');
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD, OPTIONS');
  });

  it('documents the word and the range by the schemas that validate them', async () => {
    const { paths } = (await get('/docs/json')).body;
    const [word, from, to] = ['word', 'from', 'to'].map((name) =>
      paths['/state/windows/{word}'].get.parameters.find((p: { name: string }) => p.name === name),
    );
    expect(word.schema.pattern).toBe('^[A-Za-z0-9_\\u212A]+$');
    expect(from.description).toContain('MAX_WINDOW_QUERY_RANGE_MS');
    expect(to.schema.pattern).toBe(from.schema.pattern);
    const query = `from=${encodeURIComponent(from.schema.example)}&to=${encodeURIComponent(to.schema.example)}`;
    expect((await get(`/state/windows/fox?${query}`)).status).toBe(200);
  });
});

jest.setTimeout(30_000);
