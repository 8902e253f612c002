// read_committed on the kafkajs clients against the broker, where the transactions of two producers interleave in a
// partition and both abort, the later-started one first (the broker then lists them in that order): a repartition
// topic written by several upstream tasks whose transactions a fencing new owner aborted. kafkajs' own filter
// delivered records of such aborted transactions (#16: words counted twice in the network-partition e2e scenario).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { KafkajsClientFactory } from '../../src/internal/client/kafkajs/client-factory.js';
import type { FetchedBatch } from '../../src/internal/client/types.js';
import { bootstrapServers, createTopics, kafka, uniqueName } from '../../../../test/support/kafka.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe('kafkajs clients under read_committed, with interleaved aborted transactions', () => {
  const client = kafka();
  let admin: Admin;
  const topic = uniqueName('kjs-rc');
  let end = 0n;
  const factory = new KafkajsClientFactory({ clientId: 'kjs-rc-test', brokers: bootstrapServers(), logger: silent });

  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
    await createTopics(admin, [{ topic, partitions: 1 }]);
    const producer = (name: string) =>
      client.producer({ transactionalId: uniqueName(`kjs-rc-${name}`), idempotent: true, maxInFlightRequests: 1 });
    const [a, b, c] = [producer('a'), producer('b'), producer('c')];
    await Promise.all([a.connect(), b.connect(), c.connect()]);
    const send = async (transaction: Awaited<ReturnType<typeof a.transaction>>, value: string) =>
      transaction.send({ topic, messages: [{ key: value, value }] });
    // Offsets: a0 0, b0 1, c0 2 (+ commit marker 3), a1 4, b1 5, B's abort marker 6, A's abort marker 7,
    // d0 8 (+ commit marker 9). The broker lists the aborted transactions as they ended: B (from 1), then A (from 0).
    const ta = await a.transaction();
    await send(ta, 'a0');
    const tb = await b.transaction();
    await send(tb, 'b0');
    const tc = await c.transaction();
    await send(tc, 'c0');
    await tc.commit();
    await send(ta, 'a1');
    await send(tb, 'b1');
    await tb.abort();
    await ta.abort();
    const td = await c.transaction();
    await send(td, 'd0');
    await td.commit();
    await Promise.all([a.disconnect(), b.disconnect(), c.disconnect()]);
    end = BigInt((await admin.fetchTopicOffsets(topic))[0]!.high);
  });

  afterAll(async () => {
    await admin.disconnect();
  });

  /** The stream thread's consumer, from the beginning to the end of the partition. */
  async function consumeAll(readCommitted: boolean): Promise<string[]> {
    const consumer = factory.consumer({ groupId: uniqueName('kjs-rc-group'), readCommitted, maxWaitTimeMs: 100 });
    const values: string[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe([topic], { fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        void consumer
          .run(
            async ({ records }: FetchedBatch) => {
              values.push(...records.map((r) => r.value!.toString()));
            },
            {
              onBatchHandled: ({ nextOffset }) => {
                if (nextOffset >= end) resolve();
              },
              onFatalError: reject,
            },
          )
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    return values;
  }

  /** The restore reader, from `startOffset` to the end of the partition. */
  async function restoreFrom(startOffset: bigint): Promise<string[]> {
    const reader = factory.changelogReader({ groupId: uniqueName('kjs-rc-restore') });
    const values: string[] = [];
    await reader.read([{ topic, partition: 0, startOffset, endOffset: end }], async ({ records }) => {
      values.push(...records.map((r) => r.value!.toString()));
    });
    return values;
  }

  it('the topic holds the aborted records (read_uncommitted)', async () => {
    expect(end).toBe(10n);
    expect(await consumeAll(false)).toEqual(['a0', 'b0', 'c0', 'a1', 'b1', 'd0']);
  });

  it('the group consumer delivers only the committed records', async () => {
    expect(await consumeAll(true)).toEqual(['c0', 'd0']);
  });

  it('the restore reader, starting inside both aborted transactions, delivers only the committed record', async () => {
    expect(await restoreFrom(4n)).toEqual(['d0']);
  });
});
