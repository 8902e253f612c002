import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import {
  type Environment,
  HealthModule,
  KafkaHealthIndicator,
  KafkaProducerHealthIndicator,
  KafkaUnavailableFilter,
  LoggingModule,
  MetricsModule,
  ServiceConfigModule,
} from '@streamkit/nest';
import { producerConfigSchema, SERVICE_NAME } from './config.js';
import { SentencesModule } from './sentences/sentences.module.js';

@Module({})
export class AppModule {
  /** `env` defaults to `process.env`; tests pass their own. */
  static forRoot(env?: Environment): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceConfigModule.forRoot(producerConfigSchema, env),
        LoggingModule.forRoot({ service: SERVICE_NAME }),
        MetricsModule.forRoot({ service: SERVICE_NAME }),
        HealthModule.forRoot({ contributors: [KafkaHealthIndicator, KafkaProducerHealthIndicator] }),
        SentencesModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: KafkaUnavailableFilter }],
    };
  }
}
