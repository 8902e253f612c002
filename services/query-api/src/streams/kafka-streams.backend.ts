import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LogAndContinue } from '@streamkit/kafka-streams';
import {
  connectKafkaStreamsTransport,
  KafkaStreamsHealthIndicator,
  KafkaStreamsModule,
  kafkaStreamsConfigOf,
  STREAMS_LOGGER,
  type StreamsLogSink,
} from '@streamkit/nest';
import type { QueryApiConfig } from '../config.js';
import { CountStore } from '../counts/count-store.js';
import type { CountStoreBackend } from '../counts/count-store.backend.js';
import { DeadLetterSource } from '../dashboard/dead-letters.js';
import { KafkaDeadLetters } from './kafka-dead-letters.js';
import { queryTopology } from './query-topology.js';
import { StreamsCountStore } from './streams-count-store.js';

/**
 * The query topology as the app's KafkaStreams, run as a transport: it starts once HTTP listens (so the
 * dashboard, probes and 503s answer while the global stores bootstrap; `start()` resolves only after the
 * bootstrap) and closes, writing the stores' checkpoints, on shutdown within SHUTDOWN_GRACE_MS. A record that cannot be deserialized is logged and
 * skipped: this service only reads topics other services own, and one bad record must not stop every query.
 */
@Module({
  imports: [
    KafkaStreamsModule.forRootAsync({
      inject: [ConfigService, STREAMS_LOGGER],
      useFactory: (config: ConfigService<QueryApiConfig, true>, logger: StreamsLogSink) => ({
        topology: queryTopology({
          wordCountsTopic: config.get('WORD_COUNTS_TOPIC', { infer: true }),
          windowedCountsTopic: config.get('WINDOWED_COUNTS_TOPIC', { infer: true }),
          windowSizeMs: config.get('WINDOW_SIZE_MS', { infer: true }),
          windowRetentionMs: config.get('WINDOW_RETENTION_MS', { infer: true }),
        }),
        config: {
          ...kafkaStreamsConfigOf(config, logger),
          errorHandlers: { deserialization: LogAndContinue.deserialization() },
        },
        shutdownGraceMs: config.get('SHUTDOWN_GRACE_MS', { infer: true }),
      }),
    }),
  ],
  providers: [
    { provide: CountStore, useClass: StreamsCountStore },
    { provide: DeadLetterSource, useClass: KafkaDeadLetters },
  ],
  exports: [CountStore, DeadLetterSource],
})
class StreamsCountStoreModule {}

/**
 * The counts from Kafka: global stores every replica fills from the topics itself. Ready once they are
 * bootstrapped (KafkaStreams RUNNING). Kafka itself is not part of readiness: the stores answer while the
 * broker is away, only without new updates. The dead letters from word-count's dead-letter topic, followed
 * by a consumer of their own (they never affect readiness).
 */
export const kafkaStreamsBackend: CountStoreBackend = {
  module: { module: StreamsCountStoreModule, global: true },
  healthContributors: [KafkaStreamsHealthIndicator],
  configure: connectKafkaStreamsTransport,
};
