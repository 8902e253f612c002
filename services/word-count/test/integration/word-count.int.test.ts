// The word-count service on a real broker: sentences produced to the input topic become exact counts at
// /state/words/:word and in the windows, poison records go to the dead-letter topic, and with two instances
// every word is answered correctly by both (the one that does not own it asks the one that does).
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Admin, Producer } from 'kafkajs';
import { kafka, readAll, waitFor } from '../../../../test/support/kafka.js';
import {
  awaitCounts,
  createWordCountTopics,
  freePort,
  queryWord,
  sentencesWithCounts,
  startInProcess,
  wordCountEnv,
} from '../support/word-count-fixture.js';

jest.setTimeout(180_000);

describe('word-count on a real broker', () => {
  const client = kafka();
  let admin: Admin;
  let producer: Producer;
  const apps: NestExpressApplication[] = [];

  beforeAll(async () => {
    admin = client.admin();
    producer = client.producer();
    await Promise.all([admin.connect(), producer.connect()]);
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await Promise.all([admin.disconnect(), producer.disconnect()]);
  });

  async function produce(topic: string, values: ReadonlyArray<string | null>): Promise<void> {
    await producer.send({ topic, messages: values.map((value) => ({ key: null, value })) });
  }

  async function start(env: Record<string, string>): Promise<string> {
    const app = await startInProcess(env);
    apps.push(app);
    return `http://127.0.0.1:${env.PORT}`;
  }

  it('turns sentences into exact counts per word and per window; poison records go to the dead-letter topic', async () => {
    const topics = await createWordCountTopics(admin);
    const url = await start(wordCountEnv(topics, await freePort()));
    const { sentences, counts } = sentencesWithCounts(1_500);
    await produce(topics.sentences, sentences.slice(0, 700));
    // A record without a value cannot be split into words: a processing error, sent to the dead letters.
    await produce(topics.sentences, [null]);
    await produce(topics.sentences, sentences.slice(700));

    await awaitCounts(url, counts);
    expect(await queryWord(url, 'never-seen'.replace('-', '_'))).toMatchObject({ status: 200, count: 0 });

    // Every occurrence also fell into a window: the windows of the last hour add up to the count.
    for (const word of ['fox', 'kafka', 'item_3']) {
      const response = await fetch(`${url}/state/windows/${word}?from=${Date.now() - 3_600_000}`);
      const body = (await response.json()) as { windows: Array<{ count: number }> };
      expect(response.status).toBe(200);
      expect(body.windows.reduce((sum, window) => sum + window.count, 0)).toBe(counts.get(word));
    }

    const [dead] = await readAll(client, topics.deadLetters, { expected: 1 });
    expect(dead?.value).toBeNull();
    const dlq = client.consumer({ groupId: `${topics.applicationId}-dlq-check` });
    const headers = await new Promise<Record<string, string>>((resolve, reject) => {
      void dlq
        .connect()
        .then(() => dlq.subscribe({ topic: topics.deadLetters, fromBeginning: true }))
        .then(() =>
          dlq.run({
            eachMessage: async ({ message }) =>
              resolve(Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]))),
          }),
        )
        .catch(reject);
    });
    await dlq.disconnect();
    expect(headers).toMatchObject({
      '__streams.errors.exception': 'TypeError',
      '__streams.errors.topic': topics.sentences,
    });

    // The streams library's metrics in /metrics: caught up, every sentence processed, the poison record counted.
    const series = (text: string, name: string) =>
      [...text.matchAll(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, 'gm'))].map((m) => Number(m[1]));
    let metrics = '';
    await waitFor(
      async () => {
        metrics = await (await fetch(`${url}/metrics`)).text();
        const lags = series(metrics, 'kafka_streams_consumer_lag');
        return lags.length > 0 && lags.every((lag) => lag === 0);
      },
      30_000,
      'the consumer lag to reach 0',
    );
    const sum = (name: string) => series(metrics, name).reduce((total, value) => total + value, 0);
    expect(sum('kafka_streams_records_processed_total')).toBeGreaterThan(sentences.length);
    expect(sum('kafka_streams_dead_lettered_records_total')).toBe(1);
    expect(metrics).toContain('kafka_streams_state{state="RUNNING",service="word-count"} 1');
  });

  it('answers every word correctly on each of two instances, forwarding to the owner', async () => {
    const topics = await createWordCountTopics(admin, 4);
    const [portA, portB] = [await freePort(), await freePort()];
    const urls = [await start(wordCountEnv(topics, portA)), await start(wordCountEnv(topics, portB))];
    const { sentences, counts } = sentencesWithCounts(2_000);
    await produce(topics.sentences, sentences);

    const servedBy = new Set<string>();
    let forwarded = 0;
    for (const url of urls) {
      const answers = await awaitCounts(url, counts, 90_000);
      for (const answer of answers.values()) {
        servedBy.add(answer.servedBy!);
        if (!url.endsWith(answer.servedBy!)) forwarded += 1;
      }
    }
    // Both instances own words, and each answered some words by asking the other.
    expect([...servedBy].sort()).toEqual([`127.0.0.1:${portA}`, `127.0.0.1:${portB}`].sort());
    expect(forwarded).toBeGreaterThan(0);
    await waitFor(
      async () => (await Promise.all(urls.map((url) => fetch(`${url}/health/ready`)))).every((r) => r.ok),
      30_000,
      'both instances ready',
    );
  });
});
