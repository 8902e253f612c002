// A foreign-key table join (KIP-213) on KafkaStreams with a real broker: orders (4 partitions) joined with
// customers (2 partitions) by the customer in the order's value. The join needs no co-partitioning: it goes
// through its subscription topic (partitioned like the customers) and its response topic (like the orders).
// Orders move between customers, customers change and disappear, and the result must equal a reference computed
// here, also after a restart on an empty state directory (the stores, the subscriptions' too, are restored).
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin, Consumer } from 'kafkajs';
import { Consumed, Materialized, Produced, Serdes, StreamsBuilder } from '../../src/index.js';
import { createTopics, kafka, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { produce, StreamsHarness } from './support/streams-harness.js';
import { TempDirs } from './support/temp-dirs.js';

jest.setTimeout(120_000);

type Update = { readonly key: string; readonly value: string | null };

const ORDERS = Array.from({ length: 40 }, (_, i) => `order-${i}`);
const CUSTOMERS = Array.from({ length: 8 }, (_, i) => `customer-${i}`);

/** First customers and orders; then orders re-keyed or deleted, customers renamed or deleted. */
function updates() {
  const first = {
    customers: CUSTOMERS.map((key, i) => ({ key, value: `name-${i}` })),
    orders: ORDERS.map((key, i) => ({ key, value: `${CUSTOMERS[i % 8]}:item-${i}` })),
  };
  const then = { customers: [] as Update[], orders: [] as Update[] };
  ORDERS.forEach((key, i) => {
    if (i % 3 === 0) then.orders.push({ key, value: `${CUSTOMERS[(i + 3) % 8]}:moved-${i}` });
    if (i % 10 === 9) then.orders.push({ key, value: null });
  });
  then.orders.push({ key: 'order-orphan', value: 'customer-none:x' });
  then.customers.push({ key: 'customer-1', value: 'renamed-1' }, { key: 'customer-2', value: null });
  return { first, then };
}

function finalTable(list: ReadonlyArray<Update>): Map<string, string> {
  const table = new Map<string, string>();
  for (const { key, value } of list) {
    if (value === null) table.delete(key);
    else table.set(key, value);
  }
  return table;
}

/** The inner and left foreign-key joins of the final tables. */
function reference(orders: ReadonlyArray<Update>, customers: ReadonlyArray<Update>) {
  const finalCustomers = finalTable(customers);
  const inner = new Map<string, string>();
  const left = new Map<string, string>();
  for (const [order, value] of finalTable(orders)) {
    const name = finalCustomers.get(value.split(':')[0]!);
    if (name !== undefined) inner.set(order, `${value}/${name}`);
    left.set(order, `${value}/${name ?? 'null'}`);
  }
  return { inner, left };
}

function topology(topics: { orders: string; customers: string; inner: string; left: string }) {
  const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };
  const builder = new StreamsBuilder();
  const orders = builder.table(topics.orders, Consumed.with(strings));
  const customers = builder.table(topics.customers, Consumed.with(strings));
  const customerOf = (order: string) => order.split(':')[0]!;
  orders
    .join(
      customers,
      customerOf,
      (order, name) => `${order}/${name}`,
      Materialized.as('order-view').withValueSerde(Serdes.String()),
    )
    .toStream()
    .to(topics.inner, Produced.with(strings));
  orders
    .leftJoin(customers, customerOf, (order, name) => `${order}/${name ?? 'null'}`)
    .toStream()
    .to(topics.left, Produced.with(strings));
  return builder.build();
}

async function collect(client: ReturnType<typeof kafka>, topic: string) {
  const consumer: Consumer = client.consumer({ groupId: uniqueName('fk-join-reader'), maxWaitTimeInMs: 200 });
  const records: Update[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      records.push({ key: message.key!.toString(), value: message.value?.toString() ?? null });
    },
  });
  return { records, stop: () => consumer.disconnect() };
}

describe('foreign-key table join on KafkaStreams', () => {
  const client = kafka();
  const harness = new StreamsHarness();
  const stateDirs = new TempDirs('fk-join');
  let admin: Admin;

  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
  });
  afterEach(() => harness.closeAll());
  afterAll(async () => {
    await admin.disconnect();
    stateDirs.removeAll();
  });

  it('joins tables of different partition counts through its internal topics, across a restart, as the reference', async () => {
    const topics = {
      orders: uniqueName('fk-orders'),
      customers: uniqueName('fk-customers'),
      inner: uniqueName('fk-inner'),
      left: uniqueName('fk-left'),
    };
    const applicationId = uniqueName('fk-join-app');
    await createTopics(admin, [
      { topic: topics.orders, partitions: 4 },
      { topic: topics.customers, partitions: 2 },
      { topic: topics.inner, partitions: 4 },
      { topic: topics.left, partitions: 4 },
    ]);
    const { first, then } = updates();
    const inner = await collect(client, topics.inner);
    const left = await collect(client, topics.left);
    const reaches = async (orders: ReadonlyArray<Update>, customers: ReadonlyArray<Update>) => {
      const expected = reference(orders, customers);
      const same = (records: ReadonlyArray<Update>, table: Map<string, string>) => {
        const state = finalTable(records);
        return state.size === table.size && [...table].every(([k, v]) => state.get(k) === v);
      };
      await waitFor(
        () => same(inner.records, expected.inner) && same(left.records, expected.left),
        60_000,
        'both joins to reach the reference',
      ).catch(() => undefined); // the comparisons below show the difference
      expect(Object.fromEntries(finalTable(inner.records))).toEqual(Object.fromEntries(expected.inner));
      expect(Object.fromEntries(finalTable(left.records))).toEqual(Object.fromEntries(expected.left));
      return expected;
    };
    try {
      await produce(client, topics.customers, first.customers);
      await produce(client, topics.orders, first.orders);
      const before = await harness.startRunning(topology(topics), applicationId, { stateDir: stateDirs.create() });
      await reaches(first.orders, first.customers);
      await before.close({ timeoutMs: 10_000 });

      // The second updates come once the restarted instance runs: a source table's store is restored up to the end
      // of its topic, not to the committed offset as in Java, so updates written while no instance ran would be
      // applied to the store before they are processed, and their old values would be lost (left alone here).
      const streams = await harness.startRunning(topology(topics), applicationId, { stateDir: stateDirs.create() });
      await produce(client, topics.orders, then.orders);
      await produce(client, topics.customers, then.customers);
      const expected = await reaches([...first.orders, ...then.orders], [...first.customers, ...then.customers]);
      const view = streams.store<string, string>('order-view');
      for (const order of [...ORDERS, 'order-orphan']) {
        expect([order, view.get(order)]).toEqual([order, expected.inner.get(order)]);
      }

      const internal = await admin.fetchTopicMetadata({
        topics: (await admin.listTopics()).filter((t) => t.startsWith(`${applicationId}-KTABLE-FK-JOIN`)),
      });
      // Subscriptions (and the foreign side's stores) are partitioned like the customers, responses like the orders.
      const kindOf = (name: string) =>
        /RESPONSE-\d+-topic$/.test(name)
          ? 'responses'
          : /REGISTRATION-\d+-topic$/.test(name)
            ? 'subscriptions'
            : /foreign-timestamps-changelog$/.test(name)
              ? 'foreign timestamps changelog'
              : 'subscription store changelog';
      const partitions = internal.topics.map((t) => `${kindOf(t.name)}: ${t.partitions.length}`).sort();
      expect(partitions).toEqual([
        'foreign timestamps changelog: 2',
        'foreign timestamps changelog: 2',
        'responses: 4',
        'responses: 4',
        'subscription store changelog: 2',
        'subscription store changelog: 2',
        'subscriptions: 2',
        'subscriptions: 2',
      ]);
    } finally {
      await inner.stop();
      await left.stop();
    }
  });
});
