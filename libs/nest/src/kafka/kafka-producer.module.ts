import { ConfigurableModuleBuilder, Global, Module } from '@nestjs/common';
import { KafkaProducerClient, type KafkaProducerOptions } from './kafka-producer.client.js';

const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN } = new ConfigurableModuleBuilder<KafkaProducerOptions>()
  .setClassMethodName('forRoot')
  .build();

/**
 * Provides a `KafkaProducerClient` (inject it by class). `forRoot({ connection, sendTimeoutMs })`, or
 * `forRootAsync({ inject: [ConfigService], useFactory })` to build the options from validated config. Global: a
 * service has one producer, and its readiness (KafkaProducerHealthIndicator) is checked from the health module.
 */
@Global()
@Module({
  providers: [
    {
      provide: KafkaProducerClient,
      useFactory: (options: KafkaProducerOptions) => new KafkaProducerClient(options),
      inject: [MODULE_OPTIONS_TOKEN],
    },
  ],
  exports: [KafkaProducerClient],
})
export class KafkaProducerModule extends ConfigurableModuleClass {}
