import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HEALTH_CONTRIBUTORS, type HealthContributor } from './health-contributor.js';
import { HealthCheckLogger } from './health-check.logger.js';
import { HealthController } from './health.controller.js';

export interface HealthOptions {
  /** Providers whose checks make up the probes, e.g. KafkaHealthIndicator, KafkaStreamsHealthIndicator. */
  readonly contributors: ReadonlyArray<Type<HealthContributor>>;
}

/** `GET /health/live` and `GET /health/ready` (Terminus): 200 when every contributor is up, else 503. */
@Module({})
export class HealthModule {
  static forRoot({ contributors }: HealthOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json', logger: HealthCheckLogger })],
      controllers: [HealthController],
      providers: [
        ...contributors,
        {
          provide: HEALTH_CONTRIBUTORS,
          useFactory: (...instances: HealthContributor[]) => instances,
          inject: [...contributors],
        },
      ],
    };
  }
}
