// Commits once caught up, under exactly-once on the platformatic client. The fetcher tells when every partition it
// reads was read to where its readable records ended (the last stable offset under read_committed: a transaction
// still open does not count as input waiting); an exactly-once thread that has caught up commits at once instead of
// waiting out the commit interval. So with a commit interval of a minute, a word count through a repartition topic
// (two transactions: sentences → words, words → counts) shows its counts within seconds, and exact.
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { Consumed, Grouped, Materialized, Produced, Serdes, StreamsBuilder } from '../../src/index.js';
import { oneBatchFetcher } from './support/one-batch-fetcher.js';
import { createTopics, kafka, readAll, uniqueName } from '../../../../test/support/kafka.js';
import { produce, StreamsHarness } from './support/streams-harness.js';

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
    const builder = new StreamsBuilder();
    builder
      .stream(input, Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() }))
      .flatMapValues((sentence) => sentence.toLowerCase().split(/\W+/))
      .filter((_key, word) => word.length > 0)
      .groupBy((_key, word) => word, Grouped.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() }))
      .count(Materialized.as<string, number>('counts'))
      .toStream()
      .mapValues((count) => String(count))
      .to(output, Produced.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() }));
    await harness.startRunning(builder.build(), applicationId, {
      client: 'platformatic',
      processingGuarantee: 'exactly_once_v2',
      commitIntervalMs: COMMIT_INTERVAL_MS,
      cacheMaxBytes: 0, // every update goes out: as many output records as words
    });

    const sentences = ['The quick brown fox', 'jumps over the lazy dog', 'the dog sleeps', 'A fox runs'];
    const started = Date.now();
    await produce(
      client,
      input,
      sentences.map((value, i) => ({ key: `s${i}`, value })),
    );
    const words = sentences.flatMap((s) => s.toLowerCase().split(' '));
    const expected: Record<string, number> = {};
    for (const word of words) expected[word] = (expected[word] ?? 0) + 1;
    const records = await readAll(client, output, {
      expected: words.length,
      idleMs: 30_000,
      timeoutMs: COMMIT_INTERVAL_MS / 2,
    });
    const elapsed = Date.now() - started;
    const last: Record<string, number> = {};
    for (const record of records) last[record.key!] = Number(record.value);
    expect(last).toEqual(expected);
    expect(elapsed).toBeLessThan(COMMIT_INTERVAL_MS / 2);
  });
});
