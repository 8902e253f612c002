// What the integration tests share: topics of their own, real word-count apps (in-process or as the built
// service in a child process), sentences with their reference word counts, and queries.
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Admin } from 'kafkajs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrapServers, createTopics, uniqueName } from '../../../../test/support/kafka.js';
import { startWordCountApp } from './word-count-app.js';

export { freePort } from '../../../../tools/start/http-wait.ts';

export interface WordCountTopics {
  readonly applicationId: string;
  readonly sentences: string;
  readonly wordCounts: string;
  readonly windowedCounts: string;
  readonly deadLetters: string;
}

/** Input, outputs and dead-letter topic of one test, with `partitions` partitions each. */
export async function createWordCountTopics(admin: Admin, partitions = 3): Promise<WordCountTopics> {
  const topics: WordCountTopics = {
    applicationId: uniqueName('word-count'),
    sentences: uniqueName('sentences'),
    wordCounts: uniqueName('word-counts'),
    windowedCounts: uniqueName('word-counts-windowed'),
    deadLetters: uniqueName('word-count-dlq'),
  };
  const { applicationId: _, ...names } = topics;
  await createTopics(
    admin,
    Object.values(names).map((topic) => ({ topic, partitions })),
  );
  return topics;
}

/** The service's environment for `topics`, listening on `port`, with its own state directory. */
export function wordCountEnv(topics: WordCountTopics, port: number, extra: Record<string, string> = {}) {
  return {
    KAFKA_BOOTSTRAP_SERVERS: bootstrapServers().join(','),
    PORT: String(port),
    APPLICATION_SERVER: `127.0.0.1:${port}`,
    INSTANCE_ID: `word-count-${port}`,
    APPLICATION_ID: topics.applicationId,
    STATE_DIR: mkdtempSync(join(tmpdir(), 'word-count-state-')),
    SENTENCES_TOPIC: topics.sentences,
    WORD_COUNTS_TOPIC: topics.wordCounts,
    WINDOWED_COUNTS_TOPIC: topics.windowedCounts,
    DEAD_LETTER_TOPIC: topics.deadLetters,
    COMMIT_INTERVAL_MS: '500',
    SHUTDOWN_GRACE_MS: '15000',
    LOG_LEVEL: 'error',
    ...extra,
  };
}

/** A word-count app in this process, listening and running its topology (as main.ts starts it). */
export async function startInProcess(env: Record<string, string>): Promise<NestExpressApplication> {
  const app = await startWordCountApp(env);
  await app.listen(Number(env.PORT), '127.0.0.1');
  await app.startAllMicroservices();
  return app;
}

const VOCABULARY = [
  'the',
  'quick',
  'brown',
  'fox',
  'jumps',
  'over',
  'lazy',
  'dog',
  'kafka',
  'streams',
  'state',
  'store',
];

/**
 * `count` sentences over a small vocabulary with mixed case, punctuation and digits, and the reference
 * counts: lower-case, split at every character other than a-z, 0-9 and "_", empty pieces dropped.
 */
export function sentencesWithCounts(count: number): { sentences: string[]; counts: Map<string, number> } {
  const sentences: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const words = Array.from({ length: 3 + (i % 7) }, (_, j) => VOCABULARY[(i * 7 + j * j) % VOCABULARY.length]!);
    words[0] = words[0]!.toUpperCase();
    sentences.push(`${words.join(i % 3 === 0 ? ', ' : ' ')}${i % 5 === 0 ? '!' : ''} item_${i % 11}`);
  }
  const counts = new Map<string, number>();
  for (const sentence of sentences) {
    for (const word of sentence.toLowerCase().split(/[^a-z0-9_]+/)) {
      if (word !== '') counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return { sentences, counts };
}

export interface WordAnswer {
  readonly status: number;
  readonly count: number | undefined;
  readonly servedBy: string | null;
  /** Why a 503 could not answer (the error body's `reason`). */
  readonly reason?: string;
}

export async function queryWord(baseUrl: string, word: string): Promise<WordAnswer> {
  const response = await fetch(`${baseUrl}/state/words/${encodeURIComponent(word)}`);
  const body = (await response.json()) as { count?: number; reason?: string };
  return {
    status: response.status,
    count: body.count,
    servedBy: response.headers.get('x-streamkit-served-by'),
    ...(body.reason ? { reason: body.reason } : {}),
  };
}

/** Polls until every word of `counts` has its count at `baseUrl`; returns the last answers. */
export async function awaitCounts(
  baseUrl: string,
  counts: ReadonlyMap<string, number>,
  timeoutMs = 60_000,
): Promise<Map<string, WordAnswer>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answers = new Map<string, WordAnswer>();
    for (const word of counts.keys()) answers.set(word, await queryWord(baseUrl, word));
    const wrong = [...counts].filter(([word, count]) => answers.get(word)?.count !== count);
    if (wrong.length === 0) return answers;
    if (Date.now() > deadline) {
      const sample = wrong
        .slice(0, 5)
        .map(([word, count]) => `${word}: expected ${count}, got ${JSON.stringify(answers.get(word))}`);
      const health = await fetch(`${baseUrl}/health/ready`).then(
        async (response) => `${response.status} ${await response.text()}`,
        (error: unknown) => String(error),
      );
      throw new Error(
        `counts at ${baseUrl} still wrong after ${timeoutMs} ms: ${sample.join('; ')}; readiness: ${health}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
