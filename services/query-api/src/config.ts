import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineServiceConfig, positiveInteger } from '@streamkit/nest';
import { z } from 'zod';

export const SERVICE_NAME = 'query-api';

const topicName = () => z.string().regex(/^[a-zA-Z0-9._-]{1,249}$/, 'must be a Kafka topic name');

export const queryApiConfigSchema = defineServiceConfig({
  /** Compacted topic word-count writes the running count per word to (key word, value 8-byte long). */
  WORD_COUNTS_TOPIC: topicName().default('word-counts'),
  /** Topic word-count writes the counts per word and time window to (key TimeWindowed<word>, value long). */
  WINDOWED_COUNTS_TOPIC: topicName().default('word-counts-windowed'),
  /** Window size of the windowed counts: must equal word-count's WINDOW_SIZE_MS (the key only holds the start). */
  WINDOW_SIZE_MS: positiveInteger().default(60_000),
  /** How long windows are kept in the window store; the windowed topic keeps them 7 days. */
  WINDOW_RETENTION_MS: positiveInteger().default(7 * 24 * 3_600_000),
  /** Where the global stores and their checkpoints live; one directory per replica. */
  STATE_DIR: z.string().min(1).default(join(tmpdir(), 'query-api')),
  APPLICATION_ID: z
    .string()
    .regex(/^[a-zA-Z0-9._-]+$/, 'may only contain letters, digits, ".", "_" and "-"')
    .default('query-api'),
  /** The largest `n` of GET /top: the ranking keeps exactly this many words in order. */
  MAX_TOP_N: positiveInteger().max(1_000, 'must be at most 1000').default(100),
  /** Server-Sent Events send the latest counts at most this often per client. */
  UPDATES_INTERVAL_MS: positiveInteger().default(250),
  /** A comment line this often keeps idle SSE connections open through proxies. */
  UPDATES_HEARTBEAT_MS: positiveInteger().default(15_000),
  /** How long shutdown may take to close the stores cleanly (and write their checkpoints). */
  SHUTDOWN_GRACE_MS: positiveInteger().default(30_000),
});

export type QueryApiConfig = z.output<typeof queryApiConfigSchema>;
