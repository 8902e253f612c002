// Slow and stalled clients (slow-loris): headers that never end, a JSON body that trickles, a bulk body that stops.
// Each is answered 408 with a reason naming its limit, the connection is closed, and nothing reaches Kafka.
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { KafkaProducerClient } from '@streamkit/nest';
import { RecordingProducer, startProducerApp } from '../support/producer-app.js';

const HEADERS_TIMEOUT_MS = 600;
const REQUEST_TIMEOUT_MS = 1_500;
const BODY_TIMEOUT_MS = 1_000;

/** Writes `head`, then each of `pieces` `everyMs` apart, and resolves with what the server sent until it closed. */
function slowRequest(
  port: number,
  head: string,
  pieces: ReadonlyArray<string>,
  everyMs: number,
): Promise<{ answer: string; elapsedMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket: Socket = connect(port, '127.0.0.1');
    let answer = '';
    let next = 0;
    const timer = setInterval(() => {
      if (next < pieces.length && socket.writable) socket.write(pieces[next++]!);
    }, everyMs);
    socket.on('connect', () => socket.write(head));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.on('error', () => undefined); // the server closes on us while we still write
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ answer, elapsedMs: Date.now() - started });
    });
    setTimeout(() => reject(new Error(`no close within 10 s; got ${JSON.stringify(answer)}`)), 10_000);
  });
}

function parse(answer: string): { status: number; connection?: string; body: Record<string, unknown> } {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  const connection = /^connection: (.*)$/im.exec(head)?.[1];
  return {
    status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]),
    ...(connection ? { connection: connection.toLowerCase() } : {}),
    body: JSON.parse(body) as Record<string, unknown>,
  };
}

describe('producer with slow clients', () => {
  const kafka = new RecordingProducer();
  let app: NestExpressApplication;
  let port: number;

  beforeAll(async () => {
    app = await startProducerApp(
      {
        KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:1',
        LOG_LEVEL: 'silent',
        KAFKA_SEND_TIMEOUT_MS: '500',
        HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
        HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
        HTTP_BODY_TIMEOUT_MS: String(BODY_TIMEOUT_MS),
      },
      (builder) => builder.overrideProvider(KafkaProducerClient).useValue(kafka),
    );
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => app.close());

  it('answers headers that never end with 408 naming HTTP_HEADERS_TIMEOUT_MS', async () => {
    const { answer, elapsedMs } = await slowRequest(
      port,
      'POST /sentences HTTP/1.1\r\nHost: x\r\n',
      ['X-A: 1\r\n'],
      200,
    );
    expect(parse(answer)).toEqual({
      status: 408,
      connection: 'close',
      body: {
        statusCode: 408,
        error: 'Request Timeout',
        message: `The request headers were not received within HTTP_HEADERS_TIMEOUT_MS (${HEADERS_TIMEOUT_MS} ms)`,
      },
    });
    expect(elapsedMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50);
    expect(elapsedMs).toBeLessThan(HEADERS_TIMEOUT_MS + 2_000);
  });

  it('answers a JSON body that trickles (never pausing long) with 408 naming HTTP_REQUEST_TIMEOUT_MS; sends nothing', async () => {
    const body = JSON.stringify({ text: 'a sentence that arrives one character at a time' });
    const head = `POST /sentences HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const { answer, elapsedMs } = await slowRequest(port, head, [...body], 100);
    expect(parse(answer)).toMatchObject({
      status: 408,
      body: { message: `The request was not received within HTTP_REQUEST_TIMEOUT_MS (${REQUEST_TIMEOUT_MS} ms)` },
    });
    expect(elapsedMs).toBeLessThan(REQUEST_TIMEOUT_MS + 2_000);
    expect(kafka.values).toEqual([]);
  });

  it('answers a bulk body that stops with 408 naming HTTP_BODY_TIMEOUT_MS; sends nothing of it', async () => {
    const head =
      'POST /sentences/bulk HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n';
    const line = 'one whole line\n';
    const { answer, elapsedMs } = await slowRequest(port, head, [`${line.length.toString(16)}\r\n${line}\r\n`], 50);
    expect(parse(answer)).toEqual({
      status: 408,
      connection: 'close',
      body: {
        statusCode: 408,
        error: 'Request Timeout',
        message: `The request body stalled: nothing arrived for ${BODY_TIMEOUT_MS} ms (HTTP_BODY_TIMEOUT_MS)`,
      },
    });
    expect(elapsedMs).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS);
    expect(elapsedMs).toBeLessThan(REQUEST_TIMEOUT_MS);
    expect(kafka.values).toEqual([]);
  });

  it('still answers well-behaved requests, also on a connection that had a slow one before', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/sentences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'on time' }),
    });
    expect(response.status).toBe(202);
    expect(kafka.values).toEqual(['on time']);
  });
});
