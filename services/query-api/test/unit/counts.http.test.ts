// The query API's REST contract over an in-memory store: lookups, pages, top, windows, validation, docs.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { TopWords } from '../../src/counts/top-words.js';
import { InMemoryCountStore, inMemoryBackend } from '../support/in-memory-count-store.js';
import { startQueryApiApp } from '../support/query-api-app.js';

const INSTANT = 'must be epoch milliseconds or an ISO 8601 time with a zone (2026-11-24T10:00:00Z)';
const ONE_WORD = 'must be one word of letters a-z, digits 0-9 or "_" (sentences are split at every other character)';
const DAY_MS = 86_400_000;
const env = {
  KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:1',
  LOG_LEVEL: 'silent',
  MAX_TOP_N: '5',
  WINDOW_SIZE_MS: '60000',
  WINDOW_RETENTION_MS: String(DAY_MS),
};

describe('query API over a bootstrapped store', () => {
  let app: NestExpressApplication;
  const store = new InMemoryCountStore();

  beforeAll(async () => {
    store.set({ apple: 3, apricot: 7, avocado: 1, banana: 12, blueberry: 5, cherry: 12, date: 2, elder_4: 4 });
    store.finishBootstrap();
    app = await startQueryApiApp(env, inMemoryBackend(store));
    await app.get(TopWords).settled();
  });
  afterAll(() => app.close());

  const get = (path: string) => request(app.getHttpServer()).get(path);

  describe('GET /counts/:word', () => {
    it('answers the count of a word, lower-casing it as word-count lower-cases sentences', async () => {
      expect((await get('/counts/banana')).body).toEqual({ word: 'banana', count: 12 });
      expect((await get('/counts/BaNaNa')).body).toEqual({ word: 'banana', count: 12 });
      expect((await get('/counts/ELDER_4')).body).toEqual({ word: 'elder_4', count: 4 });
    });

    it('answers 0 for a word never seen (not 404)', async () => {
      const response = await get('/counts/kiwi');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ word: 'kiwi', count: 0 });
    });

    it.each([
      ['a word the topology would split', 'foo-bar', ONE_WORD],
      ['a letter outside a-z (sentences are split there)', '%C3%84gypten', ONE_WORD],
      ['a word longer than any sentence', 'w'.repeat(10_001), 'must be at most 10000 characters'],
    ])('answers 400 naming the field for %s', async (_case, word, reason) => {
      const response = await get(`/counts/${word}`);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Validation failed',
        errors: [{ field: 'word', reason }],
      });
    });
  });

  describe('GET /counts (pages)', () => {
    it('lists the words with a prefix in byte order', async () => {
      const response = await get('/counts?prefix=a');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        words: [
          { word: 'apple', count: 3 },
          { word: 'apricot', count: 7 },
          { word: 'avocado', count: 1 },
        ],
      });
    });

    it('lists every word without a prefix; a prefix nothing starts with gives an empty page', async () => {
      expect((await get('/counts?limit=1000')).body.words).toHaveLength(8);
      expect((await get('/counts?prefix=zz')).body).toEqual({ words: [] });
    });

    it('pages with a cursor that stays valid while words are added before and after it', async () => {
      const first = await get('/counts?prefix=a&limit=2');
      expect(first.body.words.map((w: { word: string }) => w.word)).toEqual(['apple', 'apricot']);
      expect(typeof first.body.nextCursor).toBe('string');

      store.set({ aardvark: 1, azure: 2 });
      try {
        const second = await get(`/counts?prefix=A&limit=2&cursor=${first.body.nextCursor}`);
        expect(second.status).toBe(200);
        expect(second.body.words.map((w: { word: string }) => w.word)).toEqual(['avocado', 'azure']);
        expect(second.body.nextCursor).toBeUndefined();
      } finally {
        store.set({ aardvark: undefined, azure: undefined });
      }
    });

    it('gives no cursor when the last page is exactly full', async () => {
      const page = await get('/counts?prefix=b&limit=2');
      expect(page.body.words).toHaveLength(2);
      expect(page.body.nextCursor).toBeUndefined();
    });

    it.each([
      ['limit=0', [{ field: 'limit', reason: 'must be at least 1' }]],
      ['limit=1001', [{ field: 'limit', reason: 'must be at most 1000' }]],
      ['limit=ten', [{ field: 'limit', reason: 'must be a number' }]],
      ['limit=2.5', [{ field: 'limit', reason: 'must be a whole number' }]],
      ['cursor=%25%25', [{ field: 'cursor', reason: 'is not a cursor returned by this API' }]],
      ['prefix=b&cursor=YXBwbGU', [{ field: 'cursor', reason: 'belongs to another prefix than "b"' }]],
      ['prefix=a&prefix=b', [{ field: 'prefix', reason: 'must be given once' }]],
      ['prefix=st-', [{ field: 'prefix', reason: ONE_WORD }]],
      [
        'limit=0&cursor=***',
        [
          { field: 'limit', reason: 'must be at least 1' },
          { field: 'cursor', reason: 'is not a cursor returned by this API' },
        ],
      ],
    ])('answers 400 for %s, with a reason per field', async (query, errors) => {
      const response = await get(`/counts?${query}`);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ message: 'Validation failed', errors });
    });
  });

  describe('GET /top', () => {
    it('ranks by count, ties by word, 10 (capped at MAX_TOP_N) by default', async () => {
      const response = await get('/top');
      expect(response.status).toBe(200);
      expect(response.body.words).toEqual([
        { word: 'banana', count: 12 },
        { word: 'cherry', count: 12 },
        { word: 'apricot', count: 7 },
        { word: 'blueberry', count: 5 },
        { word: 'elder_4', count: 4 },
      ]);
      expect((await get('/top?n=2')).body.words.map((w: { word: string }) => w.word)).toEqual(['banana', 'cherry']);
    });

    it('follows the updates of the store', async () => {
      store.set({ date: 20, fig: 6 });
      try {
        expect((await get('/top?n=3')).body.words).toEqual([
          { word: 'date', count: 20 },
          { word: 'banana', count: 12 },
          { word: 'cherry', count: 12 },
        ]);
        expect((await get('/top?n=5')).body.words.at(-1)).toEqual({ word: 'fig', count: 6 });
      } finally {
        store.set({ date: 2, fig: undefined });
        await app.get(TopWords).settled();
      }
    });

    it.each([
      ['n=0', 'must be at least 1'],
      ['n=6', 'must be at most 5'],
      ['n=x', 'must be a number'],
    ])('answers 400 for %s', async (query, reason) => {
      const response = await get(`/top?${query}`);
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field: 'n', reason }]);
    });
  });

  describe('GET /counts/:word/windows', () => {
    beforeAll(() => {
      store.setWindow('banana', 120_000, 2);
      store.setWindow('banana', 0, 4);
      store.setWindow('banana', 60_000, 6);
      store.setWindow('cherry', 60_000, 9);
    });

    it('answers the windows starting in [from, to], oldest first, from epoch ms or ISO 8601', async () => {
      const response = await get('/counts/Banana/windows?from=0&to=1970-01-01T00:01:00Z');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        word: 'banana',
        from: '1970-01-01T00:00:00.000Z',
        to: '1970-01-01T00:01:00.000Z',
        windowSizeMs: 60_000,
        windows: [
          { start: '1970-01-01T00:00:00.000Z', end: '1970-01-01T00:01:00.000Z', count: 4 },
          { start: '1970-01-01T00:01:00.000Z', end: '1970-01-01T00:02:00.000Z', count: 6 },
        ],
      });
    });

    it('covers the last WINDOW_RETENTION_MS (every window kept) by default', async () => {
      store.setWindow('plum', Date.now() - 3_600_000, 1);
      store.setWindow('plum', Date.now() - DAY_MS - 3_600_000, 1);
      const response = await get('/counts/plum/windows');
      expect(response.body.windows).toHaveLength(1);
      expect(Date.parse(response.body.to) - Date.parse(response.body.from)).toBe(DAY_MS);
    });

    it.each([
      ['from=yesterday', [{ field: 'from', reason: INSTANT }]],
      ['to=2026-11-24T10:00:00', [{ field: 'to', reason: INSTANT }]],
      ['from=1&from=2', [{ field: 'from', reason: 'must be given once' }]],
      ['from=2000&to=1000', [{ field: 'from', reason: 'must not be after to' }]],
      [
        `from=0&to=${DAY_MS + 1}`,
        [{ field: 'to', reason: `must be at most ${DAY_MS} ms after from (WINDOW_RETENTION_MS)` }],
      ],
      ['to=2026-11-24T24:00:00Z', [{ field: 'to', reason: INSTANT }]],
    ])('answers 400 for %s', async (query, errors) => {
      const response = await get(`/counts/banana/windows?${query}`);
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual(errors);
    });
  });

  it('serves the dashboard at / with a restrictive content security policy', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.text).toContain('<script type="module" src="js/main.js"></script>');
    expect((await get('/js/main.js')).headers['content-type']).toContain('javascript');
  });

  it('serves the OpenAPI document at /docs', async () => {
    const document = await get('/docs/json');
    expect(document.status).toBe(200);
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining([
        '/counts/{word}',
        '/counts',
        '/counts/{word}/windows',
        '/top',
        '/updates',
        '/health/live',
        '/health/ready',
      ]),
    );
  });

  it('answers a method a path does not take with 405 and Allow', async () => {
    const response = await request(app.getHttpServer()).patch('/counts/fox');
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD, OPTIONS');
    expect((await request(app.getHttpServer()).trace('/top')).status).toBe(405);
  });

  it('documents each parameter by the schema that validates it, examples included', async () => {
    const { paths } = (await get('/docs/json')).body;
    const parameter = (path: string, name: string) =>
      paths[path].get.parameters.find((p: { name: string }) => p.name === name);
    expect(parameter('/counts/{word}', 'word')).toMatchObject({
      in: 'path',
      required: true,
      schema: { type: 'string', pattern: '^[A-Za-z0-9_\\u212A]+$', maxLength: 10_000, example: 'fox' },
    });
    expect(parameter('/counts', 'prefix').schema).toMatchObject({ pattern: '^[A-Za-z0-9_\\u212A]*$' });
    expect(parameter('/counts', 'limit')).toMatchObject({
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: 1000, default: 50 },
    });
    // MAX_TOP_N is 5 here: the document says what this instance accepts.
    expect(parameter('/top', 'n').schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 5, default: 5 });
    const from = parameter('/counts/{word}/windows', 'from');
    expect(from).toMatchObject({ required: false, description: expect.stringContaining('WINDOW_RETENTION_MS') });
    // An example that never ages out: an hour before the document was built, which the API accepts.
    expect(Math.abs(Date.parse(from.schema.example) - (Date.now() - 3_600_000))).toBeLessThan(60_000);
    const windows = await get(`/counts/fox/windows?from=${encodeURIComponent(from.schema.example)}`);
    expect(windows.status).toBe(200);
  });

  it('is ready once the ranking is loaded, and exposes metrics labelled with the service', async () => {
    const ready = await get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info.counts.status).toBe('up');
    const metrics = await get('/metrics');
    expect(metrics.text).toMatch(/^query_api_count_changes_total\{service="query-api"\} \d+$/m);
  });
});
