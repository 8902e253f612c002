// The stream thread's kafkajs consumer, positioned before the start of a partition whose records were deleted (a
// repartition topic purged up to the committed offsets, read by a stale task of an instance that was cut off):
// kafkajs resets the position, and must not commit anything for it. kafkajs 2.2.4 committed "earliest" for the
// partition, erasing the offset a task's transaction had committed; the next owner then processed again from the
// purge point (#16: words counted twice after the network partition).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { KafkajsClientFactory } from '../../src/internal/client/kafkajs/client-factory.js';
import { bootstrapServers, createTopics, kafka, uniqueName } from '../../../../test/support/kafka.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe('the kafkajs group consumer after a fetch position out of range', () => {
  const client = kafka();
  let admin: Admin;
  const topic = uniqueName('kjs-reset');
  const groupId = uniqueName('kjs-reset-group');
  const factory = new KafkajsClientFactory({ clientId: 'kjs-reset-test', brokers: bootstrapServers(), logger: silent });

  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
    await createTopics(admin, [{ topic, partitions: 1 }]);
    const producer = client.producer();
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: 20 }, (_, i) => ({ value: `v${i}` })) });
    await producer.disconnect();
    // What a task's transaction committed, and the purge up to an older commit.
    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '15' }] });
    await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '10' }] });
  }, 60_000);

  afterAll(async () => {
    await admin.disconnect();
  });

  it('reads from the earliest offset left and keeps the committed offset', async () => {
    const consumer = factory.consumer({ groupId, readCommitted: true, maxWaitTimeMs: 100 });
    const offsets: bigint[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe([topic], { fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        void consumer
          .run(
            async ({ records }) => {
              offsets.push(...records.map((r) => r.offset));
              if (offsets.includes(19n)) resolve();
            },
            {
              // A stale task's position, before the partition's start: the fetch answers OFFSET_OUT_OF_RANGE.
              onAssigned: () => consumer.seek({ topic, partition: 0, offset: 2n }),
              onFatalError: reject,
            },
          )
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    expect(offsets[0]).toBe(10n);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committed!.partitions).toEqual([expect.objectContaining({ partition: 0, offset: '15' })]);
  }, 60_000);
});
