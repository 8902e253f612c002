// A method a known path does not answer is a 405 with `Allow`, in the services' ErrorBody shape; an unknown
// path stays a 404, and so does a 404 a handler throws.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, NotFoundException, Param, Post } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { configureServiceApp, defineServiceConfig, LoggingModule, ServiceConfigModule } from '../../src/index.js';

@Controller()
class RoutesController {
  @Get('things/:id')
  thing(@Param('id') id: string): { id: string } {
    if (id === 'missing') throw new NotFoundException('no such thing');
    return { id };
  }

  @Post('things')
  add(): { added: true } {
    return { added: true };
  }

  @Get('things')
  list(): [] {
    return [];
  }
}

describe('undeclared methods', () => {
  let app: NestExpressApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ServiceConfigModule.forRoot(defineServiceConfig(), {
          KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:1',
          LOG_LEVEL: 'silent',
        }),
        LoggingModule.forRoot({ service: 'test' }),
      ],
      controllers: [RoutesController],
    }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
    configureServiceApp(app, { service: 'test' });
    await app.init();
  });
  afterAll(() => app.close());

  it.each([
    ['TRACE', '/things/42', 'GET, HEAD, OPTIONS'],
    ['PATCH', '/things/42', 'GET, HEAD, OPTIONS'],
    ['DELETE', '/things', 'GET, HEAD, OPTIONS, POST'],
    ['PUT', '/docs/json', 'GET, HEAD, OPTIONS'],
  ])('answers %s %s with 405 and Allow: %s', async (method, path, allow) => {
    const response = await http()[method.toLowerCase() as 'trace'](path);
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe(allow);
    expect(response.body).toEqual({
      statusCode: 405,
      error: 'Method Not Allowed',
      message: `${method} is not allowed here; allowed: ${allow}`,
    });
  });

  it('keeps 404 for an unknown path, whatever the method', async () => {
    for (const method of ['get', 'trace', 'patch'] as const) {
      const response = await http()[method]('/nowhere');
      expect(response.status).toBe(404);
      expect(response.headers.allow).toBeUndefined();
    }
  });

  it('keeps the 404 a handler throws', async () => {
    const response = await http().get('/things/missing');
    expect(response.status).toBe(404);
    expect(response.body.message).toBe('no such thing');
  });
});
