// The platformatic fetch loop pacing processing (BufferedProcessing): the handler only buffers, a slice of the
// buffered records is processed after each round of fetches, and a partition whose buffer is full is not fetched
// until it drains. Here a buffer holds at most two records before it counts as full and a slice processes one
// record per partition: every record is handed over once, in order, and no buffer ever grows past what one round
// adds to a buffer that was not full.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin } from 'kafkajs';
import type { TopicPartition } from '../../src/index.js';
import { oneBatchFetcher } from './support/one-batch-fetcher.js';
import { createTopics, kafka, uniqueName } from '../../../../test/support/kafka.js';
import { produce } from './support/streams-harness.js';

jest.setTimeout(60_000);

const FULL_AT = 2;
const PER_PARTITION = 6;

describe('the platformatic fetch loop pacing processing', () => {
  const client = kafka();
  let admin: Admin;

  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
  });
  afterAll(() => admin.disconnect());

  it('fetches no full partition, processes a slice after every round, and hands every record over once', async () => {
    const topic = uniqueName('paced');
    await createTopics(admin, [{ topic, partitions: 2 }]);
    // Three records per batch, two batches per partition: a response brings at least a batch (3 records) when its
    // partition is fetched, so a buffer below FULL_AT can grow to FULL_AT - 1 + 3.
    for (const partition of [0, 1]) {
      for (const batch of [0, 1]) {
        await produce(
          client,
          topic,
          [0, 1, 2].map((i) => ({ key: 'k', value: `p${partition}-${batch * 3 + i}`, partition })),
        );
      }
    }
    const { fetcher, close } = oneBatchFetcher(topic, 2);
    const buffers = new Map<number, string[]>([
      [0, []],
      [1, []],
    ]);
    const processed: string[] = [];
    const fetchedWhileFull: number[] = [];
    let largestBuffer = 0;
    let slices = 0;
    const done = new AbortController();
    const full = ({ partition }: TopicPartition) => buffers.get(partition)!.length >= FULL_AT;
    const giveUp = setTimeout(() => done.abort(), 30_000); // then the expectations below say what was missing
    try {
      await fetcher.run(
        async ({ partition, records }) => {
          const buffer = buffers.get(partition)!;
          if (buffer.length >= FULL_AT) fetchedWhileFull.push(partition);
          buffer.push(...records.map((r) => r.value!.toString()));
          largestBuffer = Math.max(largestBuffer, buffer.length);
        },
        done.signal,
        {
          buffered: {
            full,
            pending: () => [...buffers.values()].some((b) => b.length > 0),
            processSlice: async () => {
              slices++;
              for (const buffer of buffers.values()) if (buffer.length > 0) processed.push(buffer.shift()!);
              if (processed.length === 2 * PER_PARTITION) done.abort();
            },
          },
        },
      );
    } finally {
      clearTimeout(giveUp);
      await close();
    }
    const of = (partition: number) => processed.filter((v) => v.startsWith(`p${partition}-`));
    expect(of(0)).toEqual([0, 1, 2, 3, 4, 5].map((i) => `p0-${i}`));
    expect(of(1)).toEqual([0, 1, 2, 3, 4, 5].map((i) => `p1-${i}`));
    expect(fetchedWhileFull).toEqual([]);
    expect(largestBuffer).toBeLessThanOrEqual(FULL_AT - 1 + 3);
    expect(slices).toBeGreaterThanOrEqual(PER_PARTITION); // one record per partition and slice
  });
});
