import {
  defineServiceConfig,
  kafkaTopicName,
  nonNegativeInteger,
  positiveInteger,
  streamsServiceShape,
} from '@streamkit/nest';
import type { z } from 'zod';

export const SERVICE_NAME = 'word-count';

const DAY_MS = 86_400_000;

export const wordCountConfigSchema = defineServiceConfig({
  ...streamsServiceShape({ applicationId: 'word-count' }),
  SENTENCES_TOPIC: kafkaTopicName().default('sentences'),
  WORD_COUNTS_TOPIC: kafkaTopicName().default('word-counts'),
  WINDOWED_COUNTS_TOPIC: kafkaTopicName().default('word-counts-windowed'),
  /** Records the topology cannot process go here, with the error in `__streams.errors.*` headers. */
  DEAD_LETTER_TOPIC: kafkaTopicName().default('word-count-dlq'),
  WINDOW_SIZE_MS: positiveInteger().default(60_000),
  /** How long after a window's end late records are still counted in it. */
  WINDOW_GRACE_MS: nonNegativeInteger().default(10_000),
  /** Widest `from`..`to` range `GET /state/windows/:word` accepts. */
  MAX_WINDOW_QUERY_RANGE_MS: positiveInteger().default(DAY_MS),
  /** How long a query forwarded to the instance that owns the word may take before answering 503. */
  QUERY_FORWARD_TIMEOUT_MS: positiveInteger().default(5_000),
});

export type WordCountConfig = z.output<typeof wordCountConfigSchema>;
