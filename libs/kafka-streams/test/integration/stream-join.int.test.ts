// A KStream-KStream left join on KafkaStreams against a real broker: orders keyed by order id, payments
// re-keyed by the order id they pay (so they go through a repartition topic co-partitioned with the orders),
// both topics with 3 partitions. The output must be exactly the pairs within the window, plus each order
// without a payment joined with null once its window has closed.
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { Consumed, JoinWindows, Produced, Serdes, StreamsBuilder } from '../../src/index.js';
import { createTopics, kafka, readAll, uniqueName } from '../../../../test/support/kafka.js';
import { produce, StreamsHarness } from './support/streams-harness.js';
import { TempDirs } from './support/temp-dirs.js';

jest.setTimeout(120_000);

const WINDOW_MS = 5_000;
const GRACE_MS = 60_000;

interface Sent {
  readonly key: string;
  readonly value: string;
  readonly timestamp: number;
  readonly partition?: number;
}

function ordersWithPaymentsTopology(orders: string, payments: string, output: string) {
  const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };
  const builder = new StreamsBuilder();
  const paymentsByOrder = builder
    .stream(payments, Consumed.with(strings))
    .selectKey((_paymentId, payment) => payment.split(':')[0]!);
  builder
    .stream(orders, Consumed.with(strings))
    .leftJoin(
      paymentsByOrder,
      (order, payment) => `${order}+${payment ?? '-'}`,
      JoinWindows.ofTimeDifferenceAndGrace(WINDOW_MS, GRACE_MS),
    )
    .to(output, Produced.with(strings));
  return builder.build();
}

describe('a KStream-KStream join on KafkaStreams', () => {
  const client = kafka();
  const harness = new StreamsHarness();
  const stateDirs = new TempDirs('stream-join');
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

  it('joins payments with orders within the window over 3 partitions, and emits unpaid orders after it closes', async () => {
    const orders = uniqueName('join-orders');
    const payments = uniqueName('join-payments');
    const output = uniqueName('join-out');
    const applicationId = uniqueName('join-app');
    await createTopics(admin, [
      { topic: orders, partitions: 3 },
      { topic: payments, partitions: 3 },
      { topic: output, partitions: 3 },
    ]);

    // Half an hour ago, so the records that close the windows can carry the current time.
    const base = Date.now() - 30 * 60_000;
    const sentOrders: Sent[] = Array.from({ length: 30 }, (_, i) => ({
      key: `order-${i}`,
      value: `o${i}`,
      timestamp: base + i * 200,
    }));
    // Orders i % 3 == 0 get no payment; the others one within ±4 s; orders i % 3 == 1 also one 7 s after.
    const sentPayments: Sent[] = sentOrders.flatMap((order, i) => {
      if (i % 3 === 0) return [];
      const inWindow = {
        key: `pay-${i}-a`,
        value: `${order.key}:p${i}a`,
        timestamp: order.timestamp + (((i * 37) % 9) - 4) * 1_000,
      };
      if (i % 3 === 2) return [inWindow];
      return [inWindow, { key: `pay-${i}-b`, value: `${order.key}:p${i}b`, timestamp: order.timestamp + 7_000 }];
    });
    await produce(client, orders, sentOrders);
    await produce(client, payments, sentPayments);

    const paired = sentOrders.flatMap((order) =>
      sentPayments
        .filter((p) => p.value.startsWith(`${order.key}:`) && Math.abs(p.timestamp - order.timestamp) <= WINDOW_MS)
        .map((p) => `${order.key}=${order.value}+${p.value}`),
    );
    const unpaid = sentOrders
      .filter((order) => !paired.some((pair) => pair.startsWith(`${order.key}=`)))
      .map((order) => `${order.key}=${order.value}+-`);
    expect(paired).toHaveLength(20);
    expect(unpaid).toHaveLength(10);

    const topology = ordersWithPaymentsTopology(orders, payments, output);
    const stateDir = stateDirs.create();
    const streams = harness.create(topology, applicationId, { stateDir });
    // At-least-once: after a rebalance, records processed since the last commit may be processed again.
    let rebalanced = false;
    streams.onStateChange((state, previous) => (rebalanced ||= previous === 'RUNNING' && state === 'REBALANCING'));
    await harness.run(streams, applicationId);

    const isPair = (result: string) => !result.endsWith('+-');
    /** The output as `key=value`, once it holds `distinct` different results passing `counted` (or reading went idle). */
    const readResults = async (distinct: number, counted = (_result: string) => true): Promise<string[]> => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const records = await readAll(client, output, { expected: distinct, idleMs: 10_000 });
        const results = records.map((r) => `${r.key}=${r.value}`).sort();
        if (new Set(results.filter(counted)).size >= distinct || Date.now() > deadline) return results;
      }
    };
    const expectResults = (received: string[], expected: string[]) => {
      if (rebalanced) expect(new Set(received)).toEqual(new Set(expected));
      else expect(received).toEqual([...expected].sort());
    };

    // Pairs are emitted as soon as both records are in. An order without a payment waits for its window to close,
    // unless its task has already seen a later payment (the repartitioned payments may be read first): then its window
    // end is behind stream time and it comes out at once with null, as Java's join does (KStreamKStreamJoin).
    const early = await readResults(paired.length, isPair);
    expectResults(early.filter(isPair), paired);
    expect(unpaid).toEqual(expect.arrayContaining(early.filter((result) => !isPair(result))));

    // A record per partition with the current time moves every task's stream time past all windows + grace.
    await produce(
      client,
      orders,
      [0, 1, 2].map((partition) => ({ key: `tick-${partition}`, value: 'tick', timestamp: Date.now(), partition })),
    );
    expectResults(await readResults(paired.length + unpaid.length), [...paired, ...unpaid]);

    const plan = topology.plan();
    const repartition = plan.internalTopics.map((t) => `${applicationId}-${t.name}`);
    const changelogs = plan.subtopologies.flatMap((s) =>
      (s.stores ?? []).map((st) => `${applicationId}-${st.name}-changelog`),
    );
    expect(changelogs).toHaveLength(3); // both buffers and the store of orders waiting for a payment
    const metadata = await admin.fetchTopicMetadata({ topics: [...repartition, ...changelogs] });
    expect(metadata.topics.map((t) => t.partitions.length)).toEqual([...repartition, ...changelogs].map(() => 3));
  });
});
