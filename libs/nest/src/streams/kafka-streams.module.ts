import { ConfigurableModuleBuilder, Module } from '@nestjs/common';
import { KafkaStreams } from '@streamkit/kafka-streams';
import { KafkaStreamsMetrics } from './kafka-streams.metrics.js';
import type { KafkaStreamsModuleOptions } from './kafka-streams.options.js';
import { KAFKA_STREAMS_OPTIONS } from './kafka-streams.tokens.js';

const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN } = new ConfigurableModuleBuilder<KafkaStreamsModuleOptions>()
  .setClassMethodName('forRoot')
  // Global: one streams app per process, injected wherever its state or stores are needed (health, queries).
  .setExtras({}, (definition) => ({ ...definition, global: true }))
  .build();

/**
 * Runs a topology as part of the Nest app: `KafkaStreams` is injectable (health, interactive queries), its
 * state, tasks and restores are in `/metrics` (with MetricsModule). A KafkaStreamsTransport starts and stops
 * it: `connectKafkaStreamsTransport(app)`, then `app.startAllMicroservices()` (bootstrapService does both), and
 * it is closed within `shutdownGraceMs` when the app closes.
 */
@Module({
  providers: [
    { provide: KAFKA_STREAMS_OPTIONS, useExisting: MODULE_OPTIONS_TOKEN },
    {
      provide: KafkaStreams,
      useFactory: ({ topology, config }: KafkaStreamsModuleOptions) => new KafkaStreams(topology, config),
      inject: [MODULE_OPTIONS_TOKEN],
    },
    KafkaStreamsMetrics,
  ],
  exports: [KafkaStreams, KAFKA_STREAMS_OPTIONS],
})
export class KafkaStreamsModule extends ConfigurableModuleClass {}
