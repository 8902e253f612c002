// builder.table(topic) keeps no changelog of its own: its source topic is the changelog. An instance that starts
// on an EMPTY state directory (the task moved here, or its state was deleted) must restore the table from the
// source topic, or a stream-table join misses every key written before it started.
import { afterAll, afterEach, describe, expect, it, jest } from '@jest/globals';
import { createTopics, kafka, readAll, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { pricedOrdersTopology } from './support/priced-orders.js';
import { produce, StreamsHarness } from './support/streams-harness.js';
import { TempDirs } from './support/temp-dirs.js';

jest.setTimeout(120_000);

const PARTITIONS = 3;
const PRODUCTS = Array.from({ length: 30 }, (_, i) => `product-${i}`);
describe('builder.table() restored from its source topic', () => {
  const client = kafka();
  const harness = new StreamsHarness();
  const stateDirs = new TempDirs('table-source');
  afterEach(() => harness.closeAll());
  afterAll(() => {
    stateDirs.removeAll();
  });

  it.each(['at_least_once', 'exactly_once'] as const)(
    'a fresh instance on an empty state directory joins against keys written before it started (%s)',
    async (processingGuarantee) => {
      const topics = { prices: uniqueName('prices'), orders: uniqueName('orders'), priced: uniqueName('priced') };
      const admin = client.admin();
      await admin.connect();
      await createTopics(
        admin,
        Object.values(topics).map((topic) => ({ topic, partitions: PARTITIONS, compacted: topic === topics.prices })),
      );
      await admin.disconnect();
      const applicationId = uniqueName('table-source-app');
      const config = { processingGuarantee, commitIntervalMs: 100 };

      await produce(
        client,
        topics.prices,
        PRODUCTS.map((p, i) => ({ key: p, value: `${i}` })),
      );
      const first = await harness.startRunning(pricedOrdersTopology(topics), applicationId, {
        ...config,
        stateDir: stateDirs.create(),
      });
      // The first instance fills its table by processing the topic (or restoring it): orders come after that.
      await waitFor(
        () => first.store<string, string>('prices').approximateNumEntries() === PRODUCTS.length,
        30_000,
        'the first instance to hold every price',
      );
      await produce(
        client,
        topics.orders,
        PRODUCTS.map((p) => ({ key: p, value: '1' })),
      );
      const firstOutput = await readAll(client, topics.priced, { expected: PRODUCTS.length });
      expect(firstOutput).toHaveLength(PRODUCTS.length);
      await first.close({ timeoutMs: 10_000 });

      // While no instance runs, one price changes: the restore reads the source topic up to the committed offset
      // (Java's restore end for a source-topic changelog), and the task processes the change as input.
      await produce(client, topics.prices, [{ key: 'product-7', value: '700' }]);
      const restored = new Map<number, number>();
      await harness.startRunning(pricedOrdersTopology(topics), applicationId, {
        ...config,
        stateDir: stateDirs.create(),
        restoreListener: {
          onRestoreStart: () => undefined,
          onBatchRestored: () => undefined,
          onRestoreEnd: (store, partition, total) => {
            if (store === 'prices') restored.set(partition, total);
          },
        },
      });
      await produce(
        client,
        topics.orders,
        PRODUCTS.map((p) => ({ key: p, value: '2' })),
      );
      const output = await readAll(client, topics.priced, { expected: 2 * PRODUCTS.length });
      const second = output.filter((r) => r.value?.startsWith('2x'));
      expect(new Map(second.map((r) => [r.key, r.value]))).toEqual(
        new Map(PRODUCTS.map((p, i) => [p, p === 'product-7' ? '2x700' : `2x${i}`])),
      );
      expect(second).toHaveLength(PRODUCTS.length);
      // Every price record the first instance committed was restored; the update was processed, not restored.
      expect([...restored.values()].reduce((a, b) => a + b, 0)).toBe(PRODUCTS.length);
    },
  );
});
