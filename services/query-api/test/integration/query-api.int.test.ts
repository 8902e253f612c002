// The query API on the real broker: global stores filled from topics written as word-count writes them,
// exact answers, live updates over SSE, a checkpointed restart, and replicas that each hold every word.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { KafkaStreams } from '@streamkit/kafka-streams';
import type kafkajs from 'kafkajs';
import request from 'supertest';
import { createTopics, kafka, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { TopWords } from '../../src/counts/top-words.js';
import { WORD_COUNTS_STORE } from '../../src/streams/query-topology.js';
import type { CountsEvent } from '../../src/updates/updates-feed.js';
import { listenOnBroker, newStateDir, startOnBroker } from '../support/broker-app.js';
import { EventStream } from '../support/event-stream.js';
import { WordCountRecords } from '../support/word-count-records.js';

jest.setTimeout(120_000);

const WINDOW_SIZE_MS = 60_000;

describe('query API on a real broker', () => {
  const client = kafka();
  let admin: kafkajs.Admin;
  let producer: kafkajs.Producer;

  beforeAll(async () => {
    admin = client.admin();
    producer = client.producer();
    await Promise.all([admin.connect(), producer.connect()]);
  });
  afterAll(() => Promise.all([admin.disconnect(), producer.disconnect()]));

  async function freshTopics() {
    const topics = { counts: uniqueName('word-counts'), windowed: uniqueName('word-counts-windowed') };
    await createTopics(admin, [
      { topic: topics.counts, partitions: 3, compacted: true },
      { topic: topics.windowed, partitions: 3 },
    ]);
    return { topics, records: new WordCountRecords(producer, topics, WINDOW_SIZE_MS) };
  }

  const get = (app: NestExpressApplication, path: string) => request(app.getHttpServer()).get(path);

  it('answers exact counts from what the topics hold, and sends an update after a new record', async () => {
    const { topics, records } = await freshTopics();
    await records.counts({ fox: 1, dog: 2, the: 5 });
    await records.counts({ fox: 3 }); // the latest count of a word wins
    await records.windowed([
      { word: 'fox', startMs: 0, count: 1 },
      { word: 'fox', startMs: 60_000, count: 2 },
    ]);

    const { app, streamsStarted } = await listenOnBroker({ topics });
    try {
      // HTTP answers before the global stores are filled: 503 with the reason, not ready.
      const early = await get(app, '/counts/fox');
      expect(early.status).toBe(503);
      expect(early.body).toMatchObject({ statusCode: 503, reason: 'not-running' });
      expect((await get(app, '/health/ready')).status).toBe(503);

      await streamsStarted;
      await waitFor(async () => (await get(app, '/health/ready')).status === 200, 10_000, 'readiness');
      // The streams library's metrics: the global store bootstrapped, one entry per word.
      const metrics = (await get(app, '/metrics')).text;
      expect(metrics).toContain(
        `kafka_streams_global_store_bootstrapped{store="${WORD_COUNTS_STORE}",service="query-api"} 1`,
      );
      expect(metrics).toContain(
        `kafka_streams_store_entries{store="${WORD_COUNTS_STORE}",task="global",service="query-api"} 3`,
      );
      expect((await get(app, '/counts/fox')).body).toEqual({ word: 'fox', count: 3 });
      expect((await get(app, '/counts/cat')).body).toEqual({ word: 'cat', count: 0 });
      expect((await get(app, '/counts?prefix=d')).body).toEqual({ words: [{ word: 'dog', count: 2 }] });
      await app.get(TopWords).settled();
      expect((await get(app, '/top?n=2')).body.words).toEqual([
        { word: 'the', count: 5 },
        { word: 'fox', count: 3 },
      ]);
      expect((await get(app, '/counts/fox/windows?from=0&to=60000')).body.windows).toEqual([
        { start: '1970-01-01T00:00:00.000Z', end: '1970-01-01T00:01:00.000Z', count: 1 },
        { start: '1970-01-01T00:01:00.000Z', end: '1970-01-01T00:02:00.000Z', count: 2 },
      ]);

      const events = await EventStream.open(`${await app.getUrl()}/updates`);
      try {
        await events.waitFor((e) => e.comments.includes('connected'));
        await records.counts({ fox: 4, owl: 1 });
        await events.waitFor(
          (e) => e.event === 'counts' && events.dataOf<CountsEvent>('counts').flatMap((b) => b.words).length >= 2,
          20_000,
          'the counts of fox and owl',
        );
        const changed = new Map(
          events
            .dataOf<CountsEvent>('counts')
            .flatMap((b) => b.words)
            .map((w) => [w.word, w.count]),
        );
        expect(Object.fromEntries(changed)).toEqual({ fox: 4, owl: 1 });
      } finally {
        events.close();
      }
      expect((await get(app, '/counts/fox')).body).toEqual({ word: 'fox', count: 4 });
      expect((await get(app, '/top?n=2')).body.words).toEqual([
        { word: 'the', count: 5 },
        { word: 'fox', count: 4 },
      ]);
    } finally {
      await app.close();
    }
  });

  it('restarts from its checkpoint, and a second replica with its own state holds every word too', async () => {
    const { topics, records } = await freshTopics();
    const words = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`word${i}`, i + 1]));
    await records.counts(words);
    const applicationId = uniqueName('query-api');
    const stateDir = newStateDir();

    const first = await startOnBroker({ topics, applicationId, stateDir });
    expect((await get(first, '/counts/word299')).body.count).toBe(300);
    await first.close(); // a clean close writes the checkpoint

    await records.counts({ word0: 1000, late: 7 });
    const restarted = await startOnBroker({ topics, applicationId, stateDir });
    const replica = await startOnBroker({ topics, applicationId });
    try {
      // Only what was written after the checkpoint was read again.
      const restored = restarted.get(KafkaStreams).metrics().restore[WORD_COUNTS_STORE];
      expect(restored?.recordsRestored).toBe(2);
      for (const app of [restarted, replica]) {
        expect((await get(app, '/counts/word0')).body.count).toBe(1000);
        expect((await get(app, '/counts/late')).body.count).toBe(7);
        expect((await get(app, '/counts/word150')).body.count).toBe(151);
        expect((await get(app, '/counts?limit=1000')).body.words).toHaveLength(301);
      }

      // Both replicas follow the topic live, each with a consumer of its own.
      await records.counts({ word1: 2000 });
      await waitFor(
        async () =>
          (await get(restarted, '/counts/word1')).body.count === 2000 &&
          (await get(replica, '/counts/word1')).body.count === 2000,
        20_000,
        'word1 on both replicas',
      );
    } finally {
      await Promise.all([restarted.close(), replica.close()]);
    }
  });
});
