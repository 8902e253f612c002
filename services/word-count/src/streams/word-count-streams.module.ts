import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { sentencesTopic, windowedWordCountsTopic, wordCountsTopic } from '@streamkit/contracts';
import { DeadLetter } from '@streamkit/kafka-streams';
import { KafkaStreamsModule, kafkaStreamsConfigOf, STREAMS_LOGGER, type StreamsLogSink } from '@streamkit/nest';
import { DEFAULT_COMMIT_INTERVAL_MS, type WordCountConfig } from '../config.js';
import { wordCountTopology } from './word-count.topology.js';

/**
 * The word-count topology as the app's KafkaStreams: sentences → lower-cased words → counts per word (all
 * time, store `word-counts`) and per word and window (store `windowed-word-counts`). Records it cannot
 * process go to DEAD_LETTER_TOPIC with the error in their headers. Exactly-once unless PROCESSING_GUARANTEE says
 * otherwise. Started and stopped by the
 * KafkaStreamsTransport main.ts connects (a hybrid app), within SHUTDOWN_GRACE_MS.
 */
@Module({
  imports: [
    KafkaStreamsModule.forRootAsync({
      inject: [ConfigService, STREAMS_LOGGER],
      useFactory: (config: ConfigService<WordCountConfig, true>, logger: StreamsLogSink) => {
        const deadLetterTopic = config.get('DEAD_LETTER_TOPIC', { infer: true });
        const windowSizeMs = config.get('WINDOW_SIZE_MS', { infer: true });
        const processingGuarantee = config.get('PROCESSING_GUARANTEE', { infer: true });
        return {
          topology: wordCountTopology({
            topics: {
              sentences: sentencesTopic(config.get('SENTENCES_TOPIC', { infer: true })),
              wordCounts: wordCountsTopic(config.get('WORD_COUNTS_TOPIC', { infer: true })),
              windowedWordCounts: windowedWordCountsTopic(
                windowSizeMs,
                config.get('WINDOWED_COUNTS_TOPIC', { infer: true }),
              ),
            },
            windowSizeMs,
            graceMs: config.get('WINDOW_GRACE_MS', { infer: true }),
            windowRetentionMs: config.get('WINDOW_RETENTION_MS', { infer: true }),
          }),
          config: {
            // COMMIT_INTERVAL_MS is optional here (its default depends on the guarantee) and set just below.
            ...kafkaStreamsConfigOf(config as unknown as Parameters<typeof kafkaStreamsConfigOf>[0], logger),
            processingGuarantee,
            commitIntervalMs:
              config.get('COMMIT_INTERVAL_MS', { infer: true }) ?? DEFAULT_COMMIT_INTERVAL_MS[processingGuarantee],
            cacheMaxBytes: config.get('CACHE_MAX_BYTES', { infer: true }),
            sessionTimeoutMs: config.get('SESSION_TIMEOUT_MS', { infer: true }),
            heartbeatIntervalMs: config.get('HEARTBEAT_INTERVAL_MS', { infer: true }),
            errorHandlers: {
              deserialization: DeadLetter.deserialization(deadLetterTopic),
              processing: DeadLetter.processing(deadLetterTopic),
            },
          },
          shutdownGraceMs: config.get('SHUTDOWN_GRACE_MS', { infer: true }),
        };
      },
    }),
  ],
})
export class WordCountStreamsModule {}
