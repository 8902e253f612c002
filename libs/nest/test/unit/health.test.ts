import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type INestApplication, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import {
  defineServiceConfig,
  type HealthContributor,
  HealthModule,
  KAFKA_HEALTH_TIMEOUT_MS,
  KafkaHealthIndicator,
  ServiceConfigModule,
} from '../../src/index.js';

@Injectable()
class FlakyDependency implements HealthContributor {
  static ready = true;
  constructor(private readonly indicators: HealthIndicatorService) {}
  async checkReadiness() {
    const check = this.indicators.check('flaky');
    return FlakyDependency.ready ? check.up() : check.down({ message: 'not yet' });
  }
}

describe('HealthModule', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ServiceConfigModule.forRoot(defineServiceConfig(), { KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:1' }),
        HealthModule.forRoot({ contributors: [FlakyDependency, KafkaHealthIndicator] }),
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterAll(() => app.close());

  it('is live when no contributor reports a liveness failure', async () => {
    const live = await request(app.getHttpServer()).get('/health/live');
    expect(live.status).toBe(200);
    expect(live.body.status).toBe('ok');
  });

  it('is not ready while a contributor is down, naming it', async () => {
    FlakyDependency.ready = false;
    const ready = await request(app.getHttpServer()).get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.error.flaky).toEqual({ status: 'down', message: 'not yet' });
  });

  it('reports an unreachable Kafka as down within the health timeout', async () => {
    FlakyDependency.ready = true;
    const started = Date.now();
    const ready = await request(app.getHttpServer()).get('/health/ready');
    expect(Date.now() - started).toBeLessThan(KAFKA_HEALTH_TIMEOUT_MS + 1_000);
    expect(ready.status).toBe(503);
    expect(ready.body.error.kafka.status).toBe('down');
    expect(ready.body.info.flaky.status).toBe('up');
  });
});

describe('a failed probe in the logs', () => {
  it('is a warning from the Health context, with the details', async () => {
    const lines: Array<{ level: string; message: string; context: string }> = [];
    const capture = (level: string) => (message: string, context: string) =>
      void lines.push({ level, message, context });
    const moduleRef = await Test.createTestingModule({
      imports: [HealthModule.forRoot({ contributors: [FlakyDependency] })],
    }).compile();
    const app = moduleRef.createNestApplication({
      logger: { log() {}, error: capture('error'), warn: capture('warn'), debug() {}, verbose() {} },
    });
    await app.init();
    FlakyDependency.ready = false;
    expect((await request(app.getHttpServer()).get('/health/ready')).status).toBe(503);
    FlakyDependency.ready = true;
    await app.close();
    expect(lines).toEqual([
      { level: 'warn', message: expect.stringMatching(/^Health Check has failed! .*"not yet"/), context: 'Health' },
    ]);
  });
});
