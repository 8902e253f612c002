import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import {
  type Environment,
  HealthModule,
  KafkaStreamsHealthIndicator,
  LoggingModule,
  MetricsModule,
  ServiceConfigModule,
  InvalidStateStoreFilter,
} from '@streamkit/nest';
import { SERVICE_NAME, wordCountConfigSchema } from './config.js';
import { StateModule } from './state/state.module.js';
import { WordCountStreamsModule } from './streams/word-count-streams.module.js';

@Module({})
export class AppModule {
  /** `env` defaults to `process.env`; tests pass their own. */
  static forRoot(env?: Environment): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceConfigModule.forRoot(wordCountConfigSchema, env),
        LoggingModule.forRoot({ service: SERVICE_NAME }),
        MetricsModule.forRoot({ service: SERVICE_NAME }),
        // Ready = the streams app is RUNNING with every task restored: then each word it owns can be answered.
        // Kafka itself is not part of readiness: the stores answer queries while the broker is away.
        HealthModule.forRoot({ contributors: [KafkaStreamsHealthIndicator] }),
        WordCountStreamsModule,
        StateModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: InvalidStateStoreFilter }],
    };
  }
}
