import { type DynamicModule, Module } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { MetricsController } from './metrics.controller.js';

export interface MetricsOptions {
  /** Added as the `service` label to every metric. */
  readonly service: string;
}

/**
 * `GET /metrics` in the Prometheus text format. Inject prom-client's `Registry` to register a service's own
 * metrics (`registers: [registry]`); each app gets its own registry, so several apps can share a process (tests).
 */
@Module({})
export class MetricsModule {
  static forRoot({ service }: MetricsOptions): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      controllers: [MetricsController],
      providers: [
        {
          provide: Registry,
          useFactory: () => {
            const registry = new Registry();
            registry.setDefaultLabels({ service });
            collectDefaultMetrics({ register: registry });
            return registry;
          },
        },
      ],
      exports: [Registry],
    };
  }
}
