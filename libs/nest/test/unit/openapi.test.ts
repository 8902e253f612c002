// One declaration per request part: the zod schema validates it and is what /docs/json shows for it, with
// bounds from the service's config and examples computed when the document is built.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Post } from '@nestjs/common';
import { ApiBadRequestResponse } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { z } from 'zod';
import {
  ApiSchemaBody,
  configureServiceApp,
  configuredSchema,
  defineServiceConfig,
  LoggingModule,
  positiveInteger,
  ServiceConfigModule,
  Utf8JsonBody,
  ValidationErrorResponse,
  ValidParams,
  ValidQuery,
  withLiveExample,
} from '../../src/index.js';

const configSchema = defineServiceConfig({ MAX_N: positiveInteger().default(10) });

const idParams = z.object({
  id: z
    .string()
    .regex(/^[a-z]+$/, 'must be letters')
    .meta({ example: 'abc' }),
});
const listQuery = configuredSchema((config) =>
  z.object({
    n: z.coerce
      .number({ error: 'must be a number' })
      .int()
      .min(1)
      .max(config.get<number>('MAX_N') ?? 0)
      .optional(),
    since: withLiveExample(z.string().optional(), () => `now ${Date.now()}`),
  }),
);
const noteBody = configuredSchema((config) => z.object({ note: z.string().max(config.get<number>('MAX_N') ?? 0) }));

@Controller()
@ApiBadRequestResponse({ standardSchema: ValidationErrorResponse, description: 'A reason per invalid parameter' })
class ItemsController {
  @Get('items/:id')
  item(@ValidParams(idParams) { id }: { id: string }): { id: string } {
    return { id };
  }

  @Get('items')
  list(@ValidQuery(listQuery) query: { n?: number }): { n?: number } {
    return query;
  }

  @Post('notes')
  @ApiSchemaBody(noteBody)
  note(@Utf8JsonBody() body: unknown): unknown {
    return body;
  }
}

describe('request schemas in the OpenAPI document', () => {
  let app: NestExpressApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ServiceConfigModule.forRoot(configSchema, {
          KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:1',
          LOG_LEVEL: 'silent',
          MAX_N: '7',
        }),
        LoggingModule.forRoot({ service: 'items' }),
      ],
      controllers: [ItemsController],
    }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
    configureServiceApp(app, { service: 'items' });
    await app.init();
  });
  afterAll(() => app.close());

  it('validates by the declared schemas, the configured one with the config', async () => {
    expect((await http().get('/items/abc')).body).toEqual({ id: 'abc' });
    expect((await http().get('/items/ABC')).body.errors).toEqual([{ field: 'id', reason: 'must be letters' }]);
    expect((await http().get('/items?n=7')).body).toEqual({ n: 7 });
    expect((await http().get('/items?n=8')).status).toBe(400);
  });

  it('documents the same schemas: patterns, integers, bounds from the config, required', async () => {
    const { paths } = (await http().get('/docs/json')).body;
    expect(paths['/items/{id}'].get.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z]+$', example: 'abc' } },
    ]);
    expect(paths['/items'].get.parameters).toEqual(
      expect.arrayContaining([
        { name: 'n', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 7 } },
      ]),
    );
    expect(paths['/notes'].post.requestBody).toMatchObject({
      required: true,
      content: { 'application/json': { schema: { type: 'object', properties: { note: { maxLength: 7 } } } } },
    });
  });

  it('documents the error bodies by their zod schemas, open to details an answer adds', async () => {
    const { paths } = (await http().get('/docs/json')).body;
    const { schema } = paths['/items/{id}'].get.responses['400'].content['application/json'];
    expect(schema).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['statusCode', 'error', 'message', 'errors']),
      properties: { statusCode: { enum: [400] }, errors: { type: 'array' } },
    });
    expect(schema.additionalProperties).not.toBe(false);
  });

  it('computes live examples whenever the document is built', async () => {
    const since = async () =>
      (await http().get('/docs/json')).body.paths['/items'].get.parameters.find(
        (p: { name: string }) => p.name === 'since',
      ).schema.example as string;
    const first = await since();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await since()).not.toBe(first);
  });
});
