import {
  defineServiceConfig,
  kafkaTopicName,
  nonNegativeInteger,
  positiveInteger,
  streamsServiceShape,
} from '@streamkit/nest';
import { z } from 'zod';

export const SERVICE_NAME = 'word-count';

const DAY_MS = 86_400_000;

/** COMMIT_INTERVAL_MS when unset, per guarantee (Kafka Streams' defaults): a transaction spans a commit interval. */
/** Kafka Streams' default record cache: 10 MiB. */
export const DEFAULT_CACHE_MAX_BYTES = 10 * 1024 * 1024;

export const DEFAULT_COMMIT_INTERVAL_MS = { exactly_once: 100, at_least_once: 30_000 } as const;

export const wordCountConfigSchema = defineServiceConfig({
  ...streamsServiceShape({ applicationId: 'word-count' }),
  /**
   * `host:port` the other instances reach this one's HTTP API at: queries for a word another instance owns
   * are forwarded there. Required, because a wrong default would misroute silently. Kubernetes:
   * `<pod name>.<headless service>:<port>`; locally `127.0.0.1:<PORT>`.
   */
  APPLICATION_SERVER: z.string().regex(/^[^\s,:]+:\d{1,5}$/, 'must be "host:port"'),
  /**
   * `exactly_once` (default): each task reads, updates its stores and writes its outputs in one Kafka transaction,
   * so a crash, a restart or a fenced zombie never counts a word twice nor loses one; outputs become visible to
   * `read_committed` readers only at commits. `at_least_once`: faster to show, but after a crash up to a commit
   * interval of input is counted again.
   */
  PROCESSING_GUARANTEE: z
    .enum(['exactly_once', 'at_least_once'], { error: 'must be "exactly_once" or "at_least_once"' })
    .default('exactly_once'),
  /** How often progress is committed; unset: 100 ms under exactly_once, 30000 ms under at_least_once. */
  COMMIT_INTERVAL_MS: positiveInteger().optional(),
  /**
   * Bytes of the record cache (Java's statestore.cache.max.bytes): a word's count updates between two commits leave
   * as one record on `word-counts` and the changelog. 0: every update is sent. Windowed counts are not cached.
   */
  CACHE_MAX_BYTES: nonNegativeInteger().default(DEFAULT_CACHE_MAX_BYTES),
  /**
   * How long the group waits for a silent instance before its tasks move elsewhere (a crashed or cut-off
   * instance's words answer 503 that long). Lower it (with HEARTBEAT_INTERVAL_MS, a third of it or less) for
   * faster fail-over; the broker bounds it (group.min/max.session.timeout.ms: 6 s..30 min by default).
   */
  SESSION_TIMEOUT_MS: positiveInteger().default(45_000),
  HEARTBEAT_INTERVAL_MS: positiveInteger().default(3_000),
  SENTENCES_TOPIC: kafkaTopicName().default('sentences'),
  WORD_COUNTS_TOPIC: kafkaTopicName().default('word-counts'),
  WINDOWED_COUNTS_TOPIC: kafkaTopicName().default('word-counts-windowed'),
  /** Records the topology cannot process go here, with the error in `__streams.errors.*` headers. */
  DEAD_LETTER_TOPIC: kafkaTopicName().default('word-count-dlq'),
  WINDOW_SIZE_MS: positiveInteger().default(60_000),
  /** How long after a window's end late records are still counted in it. */
  WINDOW_GRACE_MS: nonNegativeInteger().default(10_000),
  /** How long windows stay in the window store, so `/state/windows/:word` can answer for them. */
  WINDOW_RETENTION_MS: positiveInteger().default(DAY_MS),
  /** Widest `from`..`to` range `GET /state/windows/:word` accepts. */
  MAX_WINDOW_QUERY_RANGE_MS: positiveInteger().default(DAY_MS),
  /** How long a query forwarded to the instance that owns the word may take before answering 503. */
  QUERY_FORWARD_TIMEOUT_MS: positiveInteger().default(5_000),
});

export type WordCountConfig = z.output<typeof wordCountConfigSchema>;
