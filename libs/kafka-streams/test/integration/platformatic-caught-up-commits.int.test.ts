// Commits once caught up, under exactly-once on the platformatic client. The fetcher tells when every partition it
// reads was read to where its readable records ended (the last stable offset under read_committed: a transaction
// still open does not count as input waiting); an exactly-once thread that has caught up commits at once instead of
// waiting out the commit interval. So with a commit interval of a minute, a word count through a repartition topic
// (two transactions: sentences → words, words → counts) shows its counts within seconds, and exact.
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { oneBatchFetcher } from './support/one-batch-fetcher.js';
import { createTopics, kafka, readAll, uniqueName } from '../../../../test/support/kafka.js';
import { produce, StreamsHarness } from './support/streams-harness.js';
import { expectedCounts, lastCounts, wordCountTopology } from './support/word-count.js';

jest.setTimeout(120_000);

const COMMIT_INTERVAL_MS = 60_000;

describe('commits once caught up (platformatic, exactly-once)', () => {
  const client = kafka();
  const harness = new StreamsHarness();
  let admin: Admin;

  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
  });
  afterEach(() => harness.closeAll());
  afterAll(() => admin.disconnect());

  it('the fetcher tells when a round left nothing readable unread, an open transaction not counting', async () => {
    const topic = uniqueName('caught-up');
    await createTopics(admin, [{ topic, partitions: 2 }]);
    // Partition 0: three record batches (one per send); partition 1: one, then a transaction left open.
    for (const value of ['p0-0', 'p0-1', 'p0-2']) await produce(client, topic, [{ key: value, value, partition: 0 }]);
    await produce(client, topic, [{ key: 'p1-0', value: 'p1-0', partition: 1 }]);
    const open = client.producer({
      transactionalId: uniqueName('caught-up-tx'),
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await open.connect();
    const transaction = await open.transaction();
    await transaction.send({ topic, messages: [{ key: 'p1-open', value: 'p1-open', partition: 1 }] });

    // One record batch per partition and response: partition 0 takes three rounds.
    const { fetcher, close } = oneBatchFetcher(topic, 2);
    const seen: string[] = [];
    /** How many records had been handed over each time the fetcher was caught up. */
    const caughtUpAfter: number[] = [];
    const done = new AbortController();
    try {
      expect(fetcher.caughtUp()).toBe(false); // nothing answered yet
      await fetcher.run(
        async ({ records }) => {
          seen.push(...records.map((r) => r.value!.toString()));
        },
        done.signal,
        {
          onCaughtUp: async () => {
            caughtUpAfter.push(seen.length);
            done.abort();
          },
        },
      );
    } finally {
      await transaction.abort();
      await open.disconnect();
      await close();
    }
    expect(seen.sort()).toEqual(['p0-0', 'p0-1', 'p0-2', 'p1-0']);
    expect(caughtUpAfter).toEqual([4]);
  });

  it('shows the word counts long before the commit interval, exactly', async () => {
    const input = uniqueName('caught-up-sentences');
    const output = uniqueName('caught-up-counts');
    const applicationId = uniqueName('caught-up-app');
    await createTopics(admin, [
      { topic: input, partitions: 2 },
      { topic: output, partitions: 2 },
    ]);
    await harness.startRunning(wordCountTopology(input, output), applicationId, {
      client: 'platformatic',
      processingGuarantee: 'exactly_once_v2',
      commitIntervalMs: COMMIT_INTERVAL_MS,
    });

    const sentences = ['The quick brown fox', 'jumps over the lazy dog', 'the dog sleeps', 'A fox runs'];
    const started = Date.now();
    await produce(
      client,
      input,
      sentences.map((value, i) => ({ key: `s${i}`, value })),
    );
    const expected = expectedCounts(sentences);
    const words = Object.values(expected).reduce((sum, count) => sum + count, 0);
    const records = await readAll(client, output, {
      expected: words, // every update goes out: as many output records as words
      idleMs: 30_000,
      timeoutMs: COMMIT_INTERVAL_MS / 2,
    });
    const elapsed = Date.now() - started;
    expect(lastCounts(records)).toEqual(expected);
    expect(elapsed).toBeLessThan(COMMIT_INTERVAL_MS / 2);
  });
});
