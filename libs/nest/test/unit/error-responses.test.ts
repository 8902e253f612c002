// Every error of a service in one shape, { statusCode, error, message } + errors (400) or reason (503), and
// every 503 with the same Retry-After: validation, Nest's and Express' own errors, Kafka and the state stores.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  Body,
  Controller,
  Get,
  Injectable,
  Param,
  Post,
  ServiceUnavailableException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Test } from '@nestjs/testing';
import { InvalidStateStoreError } from '@streamkit/kafka-streams';
import request from 'supertest';
import { z } from 'zod';
import {
  configureServiceApp,
  defineServiceConfig,
  type HealthContributor,
  HealthModule,
  KafkaUnavailableError,
  KafkaUnavailableFilter,
  keyQueryReply,
  LoggingModule,
  RETRY_AFTER_SECONDS,
  ServiceConfigModule,
  InvalidStateStoreFilter,
  ZodValidationPipe,
} from '../../src/index.js';

/** A path parameter rule of the kind services declare (theirs come from @streamkit/contracts). */
const wordParamsPipe = new ZodValidationPipe(
  z.object({
    word: z
      .string()
      .regex(/^[A-Za-z0-9_]+$/, 'must be one word')
      .transform((word) => word.toLowerCase()),
  }),
);

@Controller()
class FailingController {
  @Post('sentences')
  accept(@Body(new ZodValidationPipe(z.object({ text: z.string() }))) body: { text: string }): { text: string } {
    return body;
  }

  @Get('words/:word')
  word(@Param(wordParamsPipe) { word }: { word: string }): { word: string } {
    return { word };
  }

  @Get('media')
  media(): never {
    throw new UnsupportedMediaTypeException('Send the body as application/json');
  }

  @Get('kafka')
  kafka(): never {
    throw new KafkaUnavailableError('Kafka did not acknowledge within 5000 ms');
  }

  @Get('store/:reason')
  store(@Param('reason') reason: 'not-running' | 'unknown-store'): never {
    throw new InvalidStateStoreError(`state store "counts" cannot be queried (${reason})`, reason);
  }

  @Get('routed')
  routed(): unknown {
    return keyQueryReply(
      { kind: 'unavailable', reason: 'restoring', message: 'restoring the key', retryAfterSeconds: 1 },
      (value: number) => ({ body: value }),
    );
  }

  @Get('plain-503')
  plain(): never {
    throw new ServiceUnavailableException('closing');
  }
}

@Injectable()
class NeverReady implements HealthContributor {
  constructor(private readonly indicators: HealthIndicatorService) {}
  async checkReadiness() {
    return this.indicators.check('dependency').down({ message: 'not yet' });
  }
}

describe('error responses', () => {
  let app: NestExpressApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ServiceConfigModule.forRoot(defineServiceConfig(), {
          KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:1',
          LOG_LEVEL: 'silent',
        }),
        LoggingModule.forRoot({ service: 'failing' }),
        HealthModule.forRoot({ contributors: [NeverReady] }),
      ],
      controllers: [FailingController],
      providers: [
        { provide: APP_FILTER, useClass: KafkaUnavailableFilter },
        { provide: APP_FILTER, useClass: InvalidStateStoreFilter },
      ],
    }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
    configureServiceApp(app, { service: 'failing', configure: (app) => app.useBodyParser('json', { limit: 64 }) });
    await app.init();
  });
  afterAll(() => app.close());

  describe('400', () => {
    it('names each invalid field', async () => {
      const response = await http().post('/sentences').send({ text: 7 });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Validation failed',
        errors: [{ field: 'text', reason: expect.stringContaining('expected string') }],
      });
    });

    it('names the body as a whole when it is not JSON', async () => {
      const response = await http().post('/sentences').set('content-type', 'application/json').send('{"text": ');
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Validation failed',
        errors: [{ field: '', reason: expect.stringMatching(/^body is not valid JSON: /) }],
      });
    });

    it('lower-cases a word and refuses what the topology would split', async () => {
      expect((await http().get('/words/Kafka')).body).toEqual({ word: 'kafka' });
      const response = await http().get('/words/foo-bar');
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field: 'word', reason: expect.stringContaining('one word') }]);
    });
  });

  it.each([
    ['404 for an unknown path', () => http().get('/nowhere'), 404, 'Not Found', 'Cannot GET /nowhere'],
    [
      '413 for a body over the limit',
      () =>
        http()
          .post('/sentences')
          .send({ text: 'x'.repeat(100) }),
      413,
      'Payload Too Large',
      'request entity too large',
    ],
    [
      '415 for another media type',
      () => http().get('/media'),
      415,
      'Unsupported Media Type',
      'Send the body as application/json',
    ],
  ])('answers %s in the same shape', async (_case, send, statusCode, error, message) => {
    const response = await send();
    expect(response.status).toBe(statusCode);
    expect(response.body).toEqual({ statusCode, error, message });
    expect(response.headers['retry-after']).toBeUndefined();
  });

  describe('503', () => {
    it.each([
      ['Kafka did not acknowledge', '/kafka', 'kafka-unavailable', 'Kafka did not acknowledge within 5000 ms'],
      [
        'a store cannot be queried now',
        '/store/not-running',
        'not-running',
        'state store "counts" cannot be queried (not-running)',
      ],
      ['a routed query cannot be answered now', '/routed', 'restoring', 'restoring the key'],
      ['anything else unavailable', '/plain-503', 'unavailable', 'closing'],
    ])('answers "%s" with the reason and Retry-After', async (_case, path, reason, message) => {
      const response = await http().get(path);
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
      expect(response.body).toEqual({ statusCode: 503, error: 'Service Unavailable', message, reason });
    });

    it('keeps the report of a failed health check as it is', async () => {
      const response = await http().get('/health/ready');
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({ status: 'error', error: { dependency: { status: 'down' } } });
      expect(response.headers['retry-after']).toBeUndefined();
    });
  });

  it('answers a store that does not exist (a bug of the service) with 500', async () => {
    const response = await http().get('/store/unknown-store');
    expect(response.status).toBe(500);
    expect(response.headers['retry-after']).toBeUndefined();
  });
});
