// max.task.idle.ms: a task with several input partitions waits for the data of each one it knows to be on the
// broker before choosing the next record by timestamp. A stream-table join started on two pre-filled topics then
// sees each price update before the orders that follow it in time, not in the order the fetches happened to
// arrive.
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { Consumed, Produced, Serdes, StreamsBuilder } from '../../src/index.js';
import { createTopics, kafka, uniqueName } from '../../../../test/support/kafka.js';
import { produce, StreamsHarness } from './support/streams-harness.js';
import { readTimestamped } from './support/timestamped-reader.js';
import { TempDirs } from './support/temp-dirs.js';

jest.setTimeout(120_000);

const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };
const ORDERS = 400;
const PRICE_EVERY = 50;

function pricedOrders(orders: string, prices: string, output: string) {
  const builder = new StreamsBuilder();
  const priceTable = builder.table(prices, Consumed.with(strings));
  builder
    .stream(orders, Consumed.with(strings))
    .leftJoin(priceTable, (order, price) => `${order}@${price ?? 'none'}`)
    .to(output, Produced.with(strings));
  return builder.build();
}

describe('task idling (maxTaskIdleMs)', () => {
  const client = kafka();
  const harness = new StreamsHarness();
  const stateDirs = new TempDirs('task-idling');
  let admin: Admin;

  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
  });
  afterEach(async () => {
    await harness.closeAll();
    stateDirs.removeAll();
  });
  afterAll(() => admin.disconnect());

  it.each([0, 200])(
    'a catching-up stream-table join processes both inputs in timestamp order (maxTaskIdleMs %i)',
    async (maxTaskIdleMs) => {
      const orders = uniqueName('idle-orders');
      const prices = uniqueName('idle-prices');
      const output = uniqueName('idle-out');
      await createTopics(admin, [{ topic: orders }, { topic: prices, compacted: true }, { topic: output }]);
      // Orders first (a backlog), then prices: prices take effect in between orders by their timestamps only.
      await produce(
        client,
        orders,
        Array.from({ length: ORDERS }, (_, i) => ({ key: 'widget', value: `o${i}`, timestamp: 10_000 + i * 10 })),
      );
      const priceUpdates = Array.from({ length: ORDERS / PRICE_EVERY }, (_, i) => ({
        key: 'widget',
        value: `p${i}`,
        timestamp: 10_000 + i * PRICE_EVERY * 10 + 5,
      }));
      await produce(client, prices, priceUpdates);

      await harness.startRunning(pricedOrders(orders, prices, output), uniqueName('idle-app'), {
        maxTaskIdleMs,
        stateDir: stateDirs.create(),
      });
      const joined = await readTimestamped(client, output, { expected: ORDERS });

      // Order i (at 10000 + 10 i) sees the newest price at or before it: p(j) is at 10000 + 500 j + 5.
      const expected = Array.from({ length: ORDERS }, (_, i) => {
        const newest = Math.floor((10 * i - 5) / (10 * PRICE_EVERY));
        return `o${i}@${newest < 0 ? 'none' : `p${newest}`}`;
      });
      expect(joined.map((r) => r.value?.toString('utf8'))).toEqual(expected);
    },
  );
});
