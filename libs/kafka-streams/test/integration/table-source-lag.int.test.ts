// The state-aware assignor counts the source topic of a builder.table() store as the store's changelog: a task whose
// only store is such a table stays with the instance holding it when a second instance joins, and the newcomer warms
// a copy up from the source topic first (it would get half the tasks at once, and restore them, if the task counted
// as stateless).
import { afterAll, afterEach, describe, expect, it, jest } from '@jest/globals';
import { createTopics, kafka, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { pricedOrdersTopology } from './support/priced-orders.js';
import { produce, StreamsHarness } from './support/streams-harness.js';
import { TempDirs } from './support/temp-dirs.js';

jest.setTimeout(90_000);

describe('a task whose only store is a builder.table() store', () => {
  const client = kafka();
  const harness = new StreamsHarness();
  const stateDirs = new TempDirs('table-source-lag');
  afterEach(() => harness.closeAll());
  afterAll(() => {
    stateDirs.removeAll();
  });

  it('stays with the instance holding its table while a joining instance warms a copy up', async () => {
    const topics = {
      prices: uniqueName('lag-prices'),
      orders: uniqueName('lag-orders'),
      priced: uniqueName('lag-out'),
    };
    const admin = client.admin();
    await admin.connect();
    await createTopics(
      admin,
      Object.values(topics).map((topic) => ({ topic, partitions: 2, compacted: topic === topics.prices })),
    );
    await admin.disconnect();
    await produce(
      client,
      topics.prices,
      Array.from({ length: 400 }, (_, i) => ({ key: `product-${i}`, value: `${i}` })),
    );
    const applicationId = uniqueName('table-source-lag-app');
    // Far more records per partition than acceptable: a copy built from nothing is not caught up.
    const config = { acceptableRecoveryLag: 10, probingRebalanceIntervalMs: 600_000 };

    const holder = await harness.startRunning(pricedOrdersTopology(topics), applicationId, {
      ...config,
      stateDir: stateDirs.create(),
    });
    expect(holder.activeTasks().sort()).toEqual(['0_0', '0_1']);

    const joiner = harness.create(pricedOrdersTopology(topics), applicationId, {
      ...config,
      stateDir: stateDirs.create(),
    });
    await joiner.start();
    await waitFor(
      () => joiner.state === 'RUNNING' && joiner.standbyTasks().length > 0,
      30_000,
      () => `the joining instance to warm a copy up (state ${joiner.state}, active ${joiner.activeTasks()})`,
    );
    expect(joiner.activeTasks()).toEqual([]);
    expect(holder.activeTasks().sort()).toEqual(['0_0', '0_1']);
    const [warmup] = joiner.standbyTasks();
    // The warm-up copy reads the table's source topic up to its end.
    await waitFor(
      () => joiner.metrics().standby[warmup!]?.lag === 0,
      30_000,
      () => `the warm-up copy of ${warmup} to catch up: ${JSON.stringify(joiner.metrics().standby)}`,
    );
  });
});
