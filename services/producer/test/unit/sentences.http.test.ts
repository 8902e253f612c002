// The producer's HTTP contract with Kafka replaced by a recording fake: validation, limits, 202s, metrics.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { KafkaProducerClient } from '@streamkit/nest';
import request from 'supertest';
import { RecordingProducer, startProducerApp } from '../support/producer-app.js';

const env = {
  KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:1',
  SENTENCES_TOPIC: 'test-sentences',
  MAX_SENTENCE_LENGTH: '20',
  MAX_BODY_BYTES: '2048',
  LOG_LEVEL: 'silent',
};

describe('producer HTTP API', () => {
  let app: NestExpressApplication;
  const kafka = new RecordingProducer();

  beforeAll(async () => {
    app = await startProducerApp(env, (builder) => builder.overrideProvider(KafkaProducerClient).useValue(kafka));
    await app.listen(0, '127.0.0.1');
  });
  afterAll(() => app.close());
  beforeEach(() => void kafka.sent.splice(0));

  const post = (body: string, contentType = 'application/json') =>
    request(app.getHttpServer()).post('/sentences').set('content-type', contentType).send(body);

  describe('POST /sentences', () => {
    it('answers 202 with the count once Kafka acknowledged, one record per sentence on SENTENCES_TOPIC', async () => {
      const single = await post(JSON.stringify({ text: 'hello world' }));
      expect(single.status).toBe(202);
      expect(single.body).toEqual({ accepted: 1 });

      const many = await post(JSON.stringify([{ text: 'one' }, { text: 'two' }, { text: 'drei ü' }]));
      expect(many.status).toBe(202);
      expect(many.body).toEqual({ accepted: 3 });
      expect(kafka.sent.every((s) => s.topic === 'test-sentences')).toBe(true);
      expect(kafka.values).toEqual(['hello world', 'one', 'two', 'drei ü']);
    });

    it.each([
      ['empty text', { text: '' }, [{ field: 'text', reason: 'must not be empty' }]],
      ['blank text', { text: '  \t ' }, [{ field: 'text', reason: 'must not be empty' }]],
      [
        'text over MAX_SENTENCE_LENGTH',
        { text: 'x'.repeat(21) },
        [{ field: 'text', reason: 'must be at most 20 characters' }],
      ],
      ['text of the wrong type', { text: 42 }, [{ field: 'text', reason: 'must be a string' }]],
      ['missing text', { words: 'hi' }, [{ field: 'text', reason: 'required' }]],
      [
        'an array item that is not an object',
        ['hello'],
        [{ field: '0', reason: 'must be an object {"text": string}' }],
      ],
      ['an empty array', [], [{ field: '', reason: 'must contain at least one sentence' }]],
      [
        'bad items of an array, each named',
        [{ text: 'fine' }, { text: '' }, { text: null }],
        [
          { field: '1.text', reason: 'must not be empty' },
          { field: '2.text', reason: 'must be a string' },
        ],
      ],
    ])('answers 400 for %s, with a reason per field', async (_case, body, errors) => {
      const response = await post(JSON.stringify(body));
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ message: 'Validation failed', errors });
      expect(kafka.sent).toHaveLength(0);
    });

    it('answers 400 for bytes that are not UTF-8', async () => {
      const body = Buffer.concat([Buffer.from('{"text":"caf'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
      // fetch sends the bytes as they are (supertest would serialize a Buffer as JSON).
      const response = await fetch(`${await app.getUrl()}/sentences`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ errors: [{ field: '', reason: 'body is not valid UTF-8' }] });
    });

    it('answers 400 for malformed JSON, naming the body', async () => {
      const response = await post('{"text": ');
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Validation failed',
        errors: [{ field: '', reason: expect.stringMatching(/^body is not valid JSON: /) }],
      });
    });

    it('answers 413 for a body over MAX_BODY_BYTES', async () => {
      const response = await post(JSON.stringify([{ text: 'x'.repeat(20) }].concat(Array(200).fill({ text: 'y' }))));
      expect(response.status).toBe(413);
      expect(response.body).toEqual({
        statusCode: 413,
        error: 'Payload Too Large',
        message: 'request entity too large',
      });
      expect(kafka.sent).toHaveLength(0);
    });

    it('answers 415 for a body that is not JSON', async () => {
      const response = await post('hello', 'text/plain');
      expect(response.status).toBe(415);
      expect(response.body).toEqual({
        statusCode: 415,
        error: 'Unsupported Media Type',
        message: 'Send the body as application/json',
      });
    });
  });

  describe('POST /sentences/bulk', () => {
    const bulk = (body: string | Buffer, contentType: string) =>
      request(app.getHttpServer()).post('/sentences/bulk').set('content-type', contentType).send(body);

    it('accepts NDJSON, one {text} per line, skipping blank lines', async () => {
      const response = await bulk('{"text":"a b"}\n\n{"text":"c"}\r\n{"text":"d"}', 'application/x-ndjson');
      expect(response.status).toBe(202);
      expect(response.body).toEqual({ accepted: 3 });
      expect(kafka.values).toEqual(['a b', 'c', 'd']);
    });

    it('accepts text/plain, one sentence per line', async () => {
      const response = await bulk('first line\nsecond line\n', 'text/plain; charset=utf-8');
      expect(response.status).toBe(202);
      expect(response.body).toEqual({ accepted: 2 });
      expect(kafka.values).toEqual(['first line', 'second line']);
    });

    it.each([
      ['a text over MAX_SENTENCE_LENGTH', 'text/plain', 'ok\n' + 'x'.repeat(21), 'text: must be at most 20 characters'],
      ['a line that is not JSON', 'application/x-ndjson', '{"text":"ok"}\n{"text":', 'not valid JSON'],
      ['a text of the wrong type', 'application/x-ndjson', '{"text":"ok"}\n{"text":[1]}', 'text: must be a string'],
      ['an empty text', 'application/x-ndjson', '{"text":"ok"}\n{"text":""}', 'text: must not be empty'],
      ['a line longer than any valid one', 'text/plain', 'ok\n' + 'x'.repeat(10_000), 'line longer than 1144 bytes'],
    ])('answers 400 at %s, naming the line and what was accepted before it', async (_case, type, body, reason) => {
      const response = await bulk(body, type);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ errors: [{ field: 'line 2', reason }], accepted: 1 });
      expect(kafka.values).toEqual(['ok']);
    });

    it('answers 400 at a line with bytes that are not UTF-8', async () => {
      const body = Buffer.concat([Buffer.from('ok\nbad '), Buffer.from([0xff, 0xfe]), Buffer.from('\nnever read\n')]);
      const response = await bulk(body, 'text/plain');
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ errors: [{ field: 'line 2', reason: 'not valid UTF-8' }], accepted: 1 });
    });

    it('answers 415 for other media types and charsets', async () => {
      expect((await bulk('{"text":"a"}', 'application/json')).status).toBe(415);
      expect((await bulk('a', 'text/plain; charset=latin1')).status).toBe(415);
    });
  });

  it('counts accepted sentences in /metrics, labelled with the service', async () => {
    await post(JSON.stringify([{ text: 'a' }, { text: 'b' }]));
    const metrics = await request(app.getHttpServer()).get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.text).toMatch(/^producer_sentences_accepted_total\{service="producer"\} \d+$/m);
    expect(metrics.text).toContain('process_cpu_user_seconds_total{service="producer"}');
  });

  it('serves the OpenAPI document at /docs', async () => {
    const document = await request(app.getHttpServer()).get('/docs/json');
    expect(document.status).toBe(200);
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining(['/sentences', '/sentences/bulk', '/health/live', '/health/ready']),
    );
  });

  it('answers a method a path does not take with 405 and Allow', async () => {
    const response = await request(app.getHttpServer()).get('/sentences/bulk');
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('OPTIONS, POST');
  });

  it('documents the bodies: the JSON one by the schemas that validate it, both required with their media types', async () => {
    const { paths } = (await request(app.getHttpServer()).get('/docs/json')).body;
    const json = paths['/sentences'].post.requestBody;
    expect(json.required).toBe(true);
    const sentence = json.content['application/json'].schema.anyOf[0];
    expect(sentence).toMatchObject({ type: 'object', required: ['text'] });
    // MAX_SENTENCE_LENGTH is 20 here.
    expect(sentence.properties.text).toMatchObject({ type: 'string', maxLength: 20 });
    const bulk = paths['/sentences/bulk'].post.requestBody;
    expect(bulk.required).toBe(true);
    expect(Object.keys(bulk.content).sort()).toEqual(['application/x-ndjson', 'text/plain']);
  });

  it('is live without Kafka, and echoes the caller request id', async () => {
    const response = await request(app.getHttpServer()).get('/health/live').set('x-request-id', 'req-42');
    expect(response.status).toBe(200);
    expect(response.headers['x-request-id']).toBe('req-42');
  });
});
