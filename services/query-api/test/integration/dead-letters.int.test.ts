// The dead-letter topic as query-api's dashboard reads it from the real broker: every record counted from the
// topic's start, the latest few newest first with their error headers, new ones followed live, aborted
// transactions left out; a missing topic said so, and a stop that does not wait for the reader's next try.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DEAD_LETTER_HEADERS } from '@streamkit/kafka-streams';
import type kafkajs from 'kafkajs';
import { createTopics, kafka, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import type { DashboardSnapshot } from '../../src/dashboard/dashboard-feed.js';
import { startOnBroker } from '../support/broker-app.js';

jest.setTimeout(120_000);

const deadLetter = (i: number, timestamp: number): kafkajs.Message => ({
  key: `key-${i}`,
  value: `sentence ${i}`,
  timestamp: String(timestamp),
  headers: {
    [DEAD_LETTER_HEADERS.exception]: 'TypeError',
    [DEAD_LETTER_HEADERS.message]: `failure ${i}`,
    [DEAD_LETTER_HEADERS.topic]: 'sentences',
    [DEAD_LETTER_HEADERS.partition]: String(i % 2),
    [DEAD_LETTER_HEADERS.offset]: String(100 + i),
  },
});

describe('the dead letters on the dashboard', () => {
  const client = kafka();
  let admin: kafkajs.Admin;
  let producer: kafkajs.Producer;
  let app: NestExpressApplication;
  const topic = uniqueName('word-count-dlq');
  const base = Date.parse('2026-11-24T10:00:00Z');
  const countTopics = { counts: uniqueName('word-counts'), windowed: uniqueName('word-counts-windowed') };

  const deadLetters = async (): Promise<DashboardSnapshot['deadLetters']> =>
    ((await (await fetch(`${await app.getUrl()}/dashboard`)).json()) as DashboardSnapshot).deadLetters;

  beforeAll(async () => {
    admin = client.admin();
    producer = client.producer({ transactionalId: uniqueName('dlq-writer'), idempotent: true, maxInFlightRequests: 1 });
    await Promise.all([admin.connect(), producer.connect()]);
    await createTopics(admin, [
      { topic: countTopics.counts, partitions: 1, compacted: true },
      { topic: countTopics.windowed, partitions: 1 },
      { topic, partitions: 2 },
    ]);
    // Twelve committed dead letters over both partitions, timestamps interleaved; then an aborted one.
    const committed = await producer.transaction();
    for (let i = 0; i < 12; i += 1) {
      await committed.send({ topic, messages: [{ ...deadLetter(i, base + i * 1_000), partition: i % 2 }] });
    }
    await committed.commit();
    const aborted = await producer.transaction();
    await aborted.send({ topic, messages: [deadLetter(99, base + 99_000)] });
    await aborted.abort();
    app = await startOnBroker({ topics: countTopics, env: { DEAD_LETTER_TOPIC: topic } });
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all([admin?.disconnect(), producer?.disconnect()]);
  });

  it('counts the committed ones from the start and shows the latest 8, newest first, with their error', async () => {
    let shown = await deadLetters();
    await waitFor(
      async () => (shown = await deadLetters()).count === 12,
      30_000,
      () => JSON.stringify(shown),
    );
    expect(shown).toMatchObject({ topic, status: 'live', reason: null });
    expect(shown.latest.map(({ value }) => value)).toEqual([11, 10, 9, 8, 7, 6, 5, 4].map((i) => `sentence ${i}`));
    expect(shown.latest[0]).toEqual({
      partition: 1,
      offset: '5',
      timestamp: new Date(base + 11_000).toISOString(),
      key: 'key-11',
      value: 'sentence 11',
      exception: 'TypeError',
      message: 'failure 11',
      source: 'sentences-1@111',
    });
  });

  it('follows new dead letters live', async () => {
    const next = await producer.transaction();
    await next.send({ topic, messages: [deadLetter(12, base + 12_000)] });
    await next.commit();
    let shown = await deadLetters();
    await waitFor(
      async () => (shown = await deadLetters()).count === 13,
      30_000,
      () => JSON.stringify(shown),
    );
    expect(shown.latest[0]!.value).toBe('sentence 12');
  });

  it('says why it cannot read a missing topic, and a stop does not wait for the next try', async () => {
    const missing = uniqueName('missing-dlq');
    const other = await startOnBroker({ topics: countTopics, env: { DEAD_LETTER_TOPIC: missing } });
    try {
      const view = async () =>
        ((await (await fetch(`${await other.getUrl()}/dashboard`)).json()) as DashboardSnapshot).deadLetters;
      let shown = await view();
      await waitFor(
        async () => (shown = await view()).reason !== 'starting',
        20_000,
        () => JSON.stringify(shown),
      );
      expect(shown).toMatchObject({ status: 'unavailable', reason: `topic ${missing} does not exist`, count: 0 });
    } finally {
      // The reader now waits 5 s before it tries again; the stop ends that wait.
      const started = Date.now();
      await other.close();
      expect(Date.now() - started).toBeLessThan(4_000);
    }
  });
});
