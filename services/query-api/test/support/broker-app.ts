// Starts the query API on the real broker (the Kafka backend), as main.ts does: HTTP first, then the streams.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { kafkaStreamsBackend } from '../../src/streams/kafka-streams.backend.js';
import { bootstrapServers, uniqueName } from '../../../../test/support/kafka.js';
import { freePort } from '../../../../tools/start/http-wait.ts';
import { startQueryApiApp } from './query-api-app.js';

export interface BrokerAppOptions {
  readonly topics: { readonly counts: string; readonly windowed: string };
  /** A replica's own state directory; a new temporary one by default. */
  readonly stateDir?: string;
  readonly applicationId?: string;
  readonly env?: Readonly<Record<string, string>>;
}

export const newStateDir = (): string => mkdtempSync(join(tmpdir(), 'query-api-test-'));

/** Listens on a free port and resolves once the global stores are bootstrapped. */
export async function startOnBroker(options: BrokerAppOptions): Promise<NestExpressApplication> {
  const { app, streamsStarted } = await listenOnBroker(options);
  await streamsStarted;
  return app;
}

/** Listens on a free port; `streamsStarted` resolves once the global stores are bootstrapped. */
export async function listenOnBroker(
  options: BrokerAppOptions,
): Promise<{ app: NestExpressApplication; streamsStarted: Promise<unknown> }> {
  const app = await startQueryApiApp(
    {
      KAFKA_BOOTSTRAP_SERVERS: bootstrapServers().join(','),
      WORD_COUNTS_TOPIC: options.topics.counts,
      WINDOWED_COUNTS_TOPIC: options.topics.windowed,
      APPLICATION_ID: options.applicationId ?? uniqueName('query-api'),
      STATE_DIR: options.stateDir ?? newStateDir(),
      COMMIT_INTERVAL_MS: '200',
      UPDATES_INTERVAL_MS: '100',
      LOG_LEVEL: 'warn',
      // No word-count and no dead-letter topic unless a test says so: the stream panels show them unavailable.
      WORD_COUNT_URLS: `http://127.0.0.1:${await freePort()}`,
      DEAD_LETTER_TOPIC: uniqueName('no-word-count-dlq'),
      ...options.env,
    },
    kafkaStreamsBackend,
  );
  await app.listen(0, '127.0.0.1');
  return { app, streamsStarted: app.startAllMicroservices() };
}
