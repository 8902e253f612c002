import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import {
  type Environment,
  HealthModule,
  LoggingModule,
  MetricsModule,
  ServiceConfigModule,
  InvalidStateStoreFilter,
} from '@streamkit/nest';
import { queryApiConfigSchema, SERVICE_NAME } from './config.js';
import type { CountStoreBackend } from './counts/count-store.backend.js';
import { CountsHealthIndicator } from './counts/counts.health.js';
import { CountsModule } from './counts/counts.module.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import { UpdatesModule } from './updates/updates.module.js';

@Module({})
export class AppModule {
  /**
   * `backend` provides the counts and the dead letters: the Kafka streams app in main.ts, in-memory ones in tests.
   * `env` defaults to `process.env`; tests pass their own.
   */
  static forRoot(backend: CountStoreBackend, env?: Environment): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceConfigModule.forRoot(queryApiConfigSchema, env),
        LoggingModule.forRoot({ service: SERVICE_NAME }),
        MetricsModule.forRoot({ service: SERVICE_NAME }),
        backend.module,
        HealthModule.forRoot({ contributors: [...backend.healthContributors, CountsHealthIndicator] }),
        CountsModule,
        UpdatesModule,
        DashboardModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: InvalidStateStoreFilter }],
    };
  }
}
