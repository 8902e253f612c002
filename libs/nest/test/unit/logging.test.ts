// Every log line carries service and instance; request lines carry requestId, stream task lines carry task.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, type INestApplication, Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import pino from 'pino';
import { PassThrough } from 'node:stream';
import request from 'supertest';
import {
  defineServiceConfig,
  LoggingModule,
  ServiceConfigModule,
  STREAMS_LOGGER,
  streamsLogger,
  kafkajsErrorContext,
  kafkajsErrorLevel,
  type StreamsLogSink,
} from '../../src/index.js';
import { kafkajsLogCreator } from '../../src/kafka/kafkajs-logger.js';

type Line = Record<string, unknown>;

@Controller('hello')
class HelloController {
  private readonly logger = new Logger(HelloController.name);

  @Get()
  hello(): string {
    this.logger.log('saying hello');
    return 'hello';
  }
}

function capture(): { stream: PassThrough; lines: Line[] } {
  const stream = new PassThrough();
  const lines: Line[] = [];
  stream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Line);
  });
  return { stream, lines };
}

describe('LoggingModule', () => {
  const { stream, lines } = capture();
  let app: INestApplication;

  beforeAll(async () => {
    const env = { KAFKA_BOOTSTRAP_SERVERS: 'k:9092', INSTANCE_ID: 'pod-7', LOG_LEVEL: 'debug' };
    const moduleRef = await Test.createTestingModule({
      imports: [
        ServiceConfigModule.forRoot(defineServiceConfig(), env),
        LoggingModule.forRoot({ service: 'greeter', destination: stream }),
      ],
      controllers: [HelloController],
    }).compile();
    app = moduleRef.createNestApplication({ bufferLogs: true });
    app.useLogger(app.get(PinoNestLogger));
    await app.init();
  });
  afterAll(() => app.close());

  it('logs JSON with service, instance and the caller request id, echoed in the response', async () => {
    const response = await request(app.getHttpServer()).get('/hello').set('x-request-id', 'abc-123');
    expect(response.headers['x-request-id']).toBe('abc-123');
    const handlerLine = lines.find((line) => line.message === 'saying hello');
    expect(handlerLine).toMatchObject({ level: 'info', service: 'greeter', instance: 'pod-7', requestId: 'abc-123' });
    const requestLine = lines.find((line) => line.message === 'request completed');
    expect(requestLine).toMatchObject({ service: 'greeter', requestId: 'abc-123', res: { statusCode: 200 } });
  });

  it('generates a request id when none (or an unsafe one) is given', async () => {
    const response = await request(app.getHttpServer()).get('/hello').set('x-request-id', 'bad id\twith spaces');
    const id = response.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.filter((line) => line.message === 'saying hello').at(-1)).toMatchObject({ requestId: id });
  });
});

describe('streamsLogger', () => {
  it('puts the task of a streams log line in `task`', () => {
    const { stream, lines } = capture();
    const logger = streamsLogger(pino({ base: { service: 'word-count' }, messageKey: 'message' }, stream));
    logger.warn('task closed', { taskId: '0_3', reason: 'revoked' });
    logger.info('state change', { from: 'REBALANCING', to: 'RUNNING' });
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        expect(lines[0]).toMatchObject({
          message: 'task closed',
          task: '0_3',
          reason: 'revoked',
          service: 'word-count',
        });
        expect(lines[0]).not.toHaveProperty('taskId');
        expect(lines[1]).not.toHaveProperty('task');
        resolve();
      }),
    );
  });
});

describe('STREAMS_LOGGER', () => {
  it('writes the streams runtime lines like the service lines, at LOG_LEVEL and above', async () => {
    const { stream, lines } = capture();
    const env = { KAFKA_BOOTSTRAP_SERVERS: 'k:9092', INSTANCE_ID: 'pod-2', LOG_LEVEL: 'warn' };
    const moduleRef = await Test.createTestingModule({
      imports: [
        ServiceConfigModule.forRoot(defineServiceConfig(), env),
        LoggingModule.forRoot({ service: 'word-count', destination: stream }),
      ],
    }).compile();
    const logger = moduleRef.get<StreamsLogSink>(STREAMS_LOGGER);
    logger.info('state change', { from: 'REBALANCING', to: 'RUNNING' });
    logger.debug('fetched', { records: 3 });
    logger.warn('commit failed', { taskId: '1_2' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: 'commit failed',
        task: '1_2',
        service: 'word-count',
        instance: 'pod-2',
        context: 'KafkaStreams',
      }),
    ]);
    await moduleRef.close();
  });
});

describe('kafkajs errors it retries by itself', () => {
  it('are demoted: a retriable crash to warn, the restart to info; other errors stay errors', () => {
    expect(
      kafkajsErrorLevel(
        "Crash: KafkaJSProtocolError: The coordinator is loading and hence can't process requests for this group",
      ),
    ).toBe('warn');
    expect(kafkajsErrorLevel('Crash: KafkaJSNumberOfRetriesExceeded: Connection timeout')).toBe('warn');
    expect(kafkajsErrorLevel('Crash: KafkaJSConnectionError: Connection error: connect ECONNREFUSED')).toBe('warn');
    expect(kafkajsErrorLevel('Restarting the consumer in 300ms')).toBe('info');
    expect(kafkajsErrorLevel('Crash: KafkaJSProtocolError: Not authorized to access group')).toBe('error');
    expect(kafkajsErrorLevel('Crash: TypeError: x is not a function')).toBe('error');
    expect(kafkajsErrorLevel('Error when calling eachBatch')).toBe('error');
  });

  it('demote a fenced producer to warn, saying why it is expected; a send kafkajs retries to warn', () => {
    const oldEpoch =
      "Producer attempted an operation with an old epoch. Either there is a newer producer with the same transactionalId, or the producer's transaction has been expired by the broker";
    for (const message of [oldEpoch, `Crash: KafkaJSProtocolError: ${oldEpoch}`]) {
      expect(kafkajsErrorLevel(message)).toBe('warn');
      expect(kafkajsErrorContext(message)).toMatch(/fenced: another instance took over its transactional id/);
    }
    expect(kafkajsErrorLevel('Failed to send messages: This server is not the leader for that topic-partition')).toBe(
      'warn',
    );
    expect(kafkajsErrorContext('Failed to send messages: This server is not the leader')).toBeUndefined();
    // Not a fencing: stays an error, with no excuse attached.
    expect(kafkajsErrorLevel('The broker received an out of order sequence number')).toBe('error');
    expect(kafkajsErrorContext('The broker received an out of order sequence number')).toBeUndefined();
  });

  it('streamsLogger logs what the runtime forwards from kafkajs at the demoted level', () => {
    const { stream, lines } = capture();
    const logger = streamsLogger(pino({ messageKey: 'message' }, stream));
    logger.error(
      "kafkajs Consumer: Crash: KafkaJSProtocolError: The coordinator is loading and hence can't process requests for this group",
      { groupId: 'g' },
    );
    logger.error('kafkajs Consumer: Restarting the consumer in 300ms', {});
    logger.error('kafkajs Consumer: Crash: KafkaJSProtocolError: Not authorized to access group', {});
    logger.error('stream processing failed', {});
    logger.error(
      "kafkajs Producer: Producer attempted an operation with an old epoch. Either there is a newer producer with the same transactionalId, or the producer's transaction has been expired by the broker",
      { retryCount: 0 },
    );
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        expect(lines.map((line) => line.level)).toEqual([40, 30, 50, 50, 40]);
        expect(lines[4]).toMatchObject({ retryCount: 0, expected: expect.stringMatching(/^this producer was fenced/) });
        resolve();
      }),
    );
  });
});

describe("the producer's kafkajs lines (kafkajsLogCreator)", () => {
  it('logs a failed connection at warn (it is retried), a fenced producer at warn with why, other errors at error', () => {
    const seen: Array<[string, unknown]> = [];
    const record = (level: string) => (message: unknown) => void seen.push([level, message]);
    Logger.overrideLogger({ log: record('log'), warn: record('warn'), error: record('error') });
    try {
      const log = kafkajsLogCreator(1);
      const line = (namespace: string, message: string) =>
        log({ namespace, level: 1, label: 'ERROR', log: { message, timestamp: 'now', logger: 'kafkajs' } });
      line('Connection', 'Connection error: getaddrinfo ENOTFOUND kafka');
      line(
        'Producer',
        "Producer attempted an operation with an old epoch. Either there is a newer producer with the same transactionalId, or the producer's transaction has been expired by the broker",
      );
      line('Producer', 'Not authorized to access topics: [Topic authorization failed]');
    } finally {
      Logger.overrideLogger(false);
    }
    expect(seen.map(([level]) => level)).toEqual(['warn', 'warn', 'error']);
    expect(seen[1]![1]).toMatchObject({ expected: expect.stringMatching(/^this producer was fenced/) });
  });
});
