// TimeRangePipe reads its widest range from the service's config and names that variable in a 400.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, type INestApplication, Query } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import {
  ApiTimeRangeQuery,
  defineServiceConfig,
  positiveInteger,
  ServiceConfigModule,
  type TimeRange,
  TimeRangePipe,
} from '../../src/index.js';

const configSchema = defineServiceConfig({ MAX_RANGE_MS: positiveInteger().default(60_000) });
type Config = { MAX_RANGE_MS: number };

@Controller()
class RangeController {
  @Get('range')
  @ApiTimeRangeQuery<Config>('MAX_RANGE_MS')
  range(@Query(TimeRangePipe<Config>('MAX_RANGE_MS')) range: TimeRange): TimeRange {
    return range;
  }
}

@Controller()
class MisconfiguredController {
  @Get('range')
  range(@Query(TimeRangePipe('NO_SUCH_VARIABLE')) range: TimeRange): TimeRange {
    return range;
  }
}

async function appWith(controller: new () => unknown, env: Record<string, string>): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [ServiceConfigModule.forRoot(configSchema, { KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:1', ...env })],
    controllers: [controller],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

describe('TimeRangePipe', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await appWith(RangeController, { MAX_RANGE_MS: '1000' });
  });
  afterAll(() => app.close());

  it('answers the range, the configured widest one by default', async () => {
    expect((await request(app.getHttpServer()).get('/range?from=500&to=1500')).body).toEqual({
      fromMs: 500,
      toMs: 1500,
    });
    const { fromMs, toMs } = (await request(app.getHttpServer()).get('/range?to=5000')).body as TimeRange;
    expect({ fromMs, toMs }).toEqual({ fromMs: 4000, toMs: 5000 });
  });

  it('names the config variable when the range is wider', async () => {
    const response = await request(app.getHttpServer()).get('/range?from=0&to=1001');
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { field: 'to', reason: 'must be at most 1000 ms after from (MAX_RANGE_MS)' },
    ]);
  });

  it('documents from and to as optional query parameters, from defaulting by the config variable', () => {
    const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    const parameters = document.paths['/range']?.get?.parameters ?? [];
    expect(parameters).toEqual([
      expect.objectContaining({
        name: 'from',
        in: 'query',
        required: false,
        description: expect.stringContaining('Default: `to` minus MAX_RANGE_MS'),
      }),
      expect.objectContaining({
        name: 'to',
        in: 'query',
        required: false,
        description: expect.stringContaining('now'),
      }),
    ]);
  });

  it('fails the start when the variable is not a number in the config', async () => {
    await expect(appWith(MisconfiguredController, {})).rejects.toThrow('NO_SUCH_VARIABLE is not a number');
  });
});
