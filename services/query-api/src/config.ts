import {
  checkHttpTimeouts,
  defineServiceConfig,
  httpTimeoutsShape,
  kafkaTopicName,
  positiveInteger,
  streamsServiceShape,
} from '@streamkit/nest';
import { z } from 'zod';

export const SERVICE_NAME = 'query-api';

// Every word lives in each replica's global store, so no query is routed to another instance.
const { APPLICATION_SERVER: _notRouted, ...streamsShape } = streamsServiceShape({ applicationId: 'query-api' });

/** A comma-separated list of http(s) base URLs, each given once; parsed into their origins plus paths. */
function baseUrlList() {
  return z.string().transform((value, ctx) => {
    const urls: string[] = [];
    for (const item of value.split(',').map((part) => part.trim())) {
      const url = URL.canParse(item) ? new URL(item) : undefined;
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
        ctx.addIssue({ code: 'custom', message: `"${item}" is not an http(s) URL without query or fragment` });
        return z.NEVER;
      }
      urls.push(url.href.replace(/\/$/, ''));
    }
    if (new Set(urls).size !== urls.length) {
      ctx.addIssue({ code: 'custom', message: 'lists a URL twice' });
      return z.NEVER;
    }
    return urls;
  });
}

export const queryApiConfigSchema = defineServiceConfig({
  // APPLICATION_ID, STATE_DIR (the global stores and their checkpoints), COMMIT_INTERVAL_MS, SHUTDOWN_GRACE_MS
  ...streamsShape,
  /** Compacted topic word-count writes the running count per word to (key word, value 8-byte long). */
  WORD_COUNTS_TOPIC: kafkaTopicName().default('word-counts'),
  /** Topic word-count writes the counts per word and time window to (key TimeWindowed<word>, value long). */
  WINDOWED_COUNTS_TOPIC: kafkaTopicName().default('word-counts-windowed'),
  /** Window size of the windowed counts: must equal word-count's WINDOW_SIZE_MS (the key only holds the start). */
  WINDOW_SIZE_MS: positiveInteger().default(60_000),
  /** How long windows are kept in the window store; the windowed topic keeps them 7 days. */
  WINDOW_RETENTION_MS: positiveInteger().default(7 * 24 * 3_600_000),
  /** The largest `n` of GET /top: the ranking keeps exactly this many words in order. */
  MAX_TOP_N: positiveInteger().max(1_000, 'must be at most 1000').default(100),
  /** Server-Sent Events carry the latest counts at most this often. */
  UPDATES_INTERVAL_MS: positiveInteger().default(250),
  /** A comment line this often keeps idle Server-Sent Events connections open through proxies. */
  UPDATES_HEARTBEAT_MS: positiveInteger().default(15_000),
  /**
   * Where the dashboard finds word-count: one or more instances' base URLs (comma-separated). Each instance
   * also names the group's other members (their APPLICATION_SERVER), so one reachable URL finds them all.
   */
  WORD_COUNT_URLS: baseUrlList().default(['http://127.0.0.1:8081']),
  /** How long the dashboard waits for a word-count instance before showing it unreachable. */
  WORD_COUNT_TIMEOUT_MS: positiveInteger().default(2_000),
  /** word-count's dead-letter topic, whose records the dashboard counts and shows the latest of. */
  DEAD_LETTER_TOPIC: kafkaTopicName().default('word-count-dlq'),
  /** How often the dashboard asks word-count's instances and sends its panels' data. */
  DASHBOARD_INTERVAL_MS: positiveInteger().min(100, 'must be at least 100').default(1_000),
  // HTTP_HEADERS_TIMEOUT_MS, HTTP_REQUEST_TIMEOUT_MS, HTTP_BODY_TIMEOUT_MS
  ...httpTimeoutsShape,
}).superRefine(checkHttpTimeouts);

export type QueryApiConfig = z.output<typeof queryApiConfigSchema>;
