// Starts the query API's real AppModule in-process, with an explicit environment and an in-memory store.
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureServiceApp, type Environment } from '@streamkit/nest';
import { AppModule } from '../../src/app.module.js';
import type { CountStoreBackend } from '../../src/counts/count-store.backend.js';
import { queryApiAppOptions } from '../../src/query-api-app.js';

export async function startQueryApiApp(env: Environment, backend: CountStoreBackend): Promise<NestExpressApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(backend, env)] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
  configureServiceApp(app, queryApiAppOptions(backend));
  await app.init();
  return app;
}
