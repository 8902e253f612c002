// A foreign-key table join (KIP-213) on KafkaStreams with a real broker: orders (4 partitions) joined with
// customers (2 partitions) by the customer in the order's value. The join needs no co-partitioning: it goes
// through its subscription topic (partitioned like the customers) and its response topic (like the orders).
// Orders move between customers, customers change and disappear, and the result must equal a reference computed
// here, also after a restart on an empty state directory (the stores, the subscriptions' too, are restored).
// With tables whose topics are not partitioned by the default partitioner, TableJoined's partitioners place the
// subscriptions and responses like them.
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { Consumed, Materialized, Produced, Serdes, StreamsBuilder, TableJoined } from '../../src/index.js';
import { partitionForKey } from '../../src/internal/engine/partitioner.js';
import { createTopics, kafka, uniqueName } from '../../../../test/support/kafka.js';
import {
  collectTopic,
  finalTable,
  reachReference,
  type TableUpdate as Update,
} from '../../../../test/support/output-tables.js';
import { produce, StreamsHarness } from './support/streams-harness.js';
import { TempDirs } from './support/temp-dirs.js';

jest.setTimeout(120_000);

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

/** A placement other than the default partitioner's: by the number in the key, shifted for customers. */
function placement(key: string, numPartitions: number): number {
  const n = Number(key.split('-')[1]);
  if (Number.isNaN(n)) return 0;
  return (key.startsWith('customer') ? n + 1 : n) % numPartitions;
}

function partitionedTopology(topics: { orders: string; customers: string; inner: string; left: string }) {
  const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };
  const builder = new StreamsBuilder();
  const orders = builder.table(topics.orders, Consumed.with(strings));
  const customers = builder.table(topics.customers, Consumed.with(strings));
  const customerOf = (order: string) => order.split(':')[0]!;
  // A left join's deleted rows subscribe with a null foreign key: any partition will do.
  const byPlacement = (_topic: string, key: string | null, _value: null, numPartitions: number) =>
    key === null ? 0 : placement(key, numPartitions);
  orders
    .join(
      customers,
      customerOf,
      (order, name) => `${order}/${name}`,
      TableJoined.with<string, string>(byPlacement, byPlacement),
    )
    .toStream()
    .to(topics.inner, Produced.with(strings));
  orders
    .leftJoin(
      customers,
      customerOf,
      (order, name) => `${order}/${name ?? 'null'}`,
      TableJoined.as<string, string>('left-by-customer').withPartitioner(byPlacement).withOtherPartitioner(byPlacement),
    )
    .toStream()
    .to(topics.left, Produced.with(strings));
  return builder.build();
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
    const inner = await collectTopic(client, topics.inner);
    const left = await collectTopic(client, topics.left);
    const reaches = async (orders: ReadonlyArray<Update>, customers: ReadonlyArray<Update>) => {
      const expected = reference(orders, customers);
      await reachReference([
        { name: 'inner', records: inner.records, expected: expected.inner },
        { name: 'left', records: left.records, expected: expected.left },
      ]);
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

  it('with TableJoined partitioners, joins tables whose topics are not placed by the default partitioner', async () => {
    const topics = {
      orders: uniqueName('fk-placed-orders'),
      customers: uniqueName('fk-placed-customers'),
      inner: uniqueName('fk-placed-inner'),
      left: uniqueName('fk-placed-left'),
    };
    const applicationId = uniqueName('fk-placed-app');
    await createTopics(admin, [
      { topic: topics.orders, partitions: 4 },
      { topic: topics.customers, partitions: 2 },
      { topic: topics.inner, partitions: 4 },
      { topic: topics.left, partitions: 4 },
    ]);
    const { first, then } = updates();
    const placed = (list: ReadonlyArray<Update>, partitions: number) =>
      list.map((update) => ({ ...update, partition: placement(update.key, partitions) }));
    // The placement differs from the default partitioner's for many keys, or the partitioners would not matter.
    const moved = (keys: ReadonlyArray<string>, partitions: number) =>
      keys.filter((key) => placement(key, partitions) !== partitionForKey(Buffer.from(key), partitions)).length;
    expect(moved(ORDERS, 4)).toBeGreaterThanOrEqual(ORDERS.length / 2);
    expect(moved(CUSTOMERS, 2)).toBeGreaterThanOrEqual(CUSTOMERS.length / 4);

    const inner = await collectTopic(client, topics.inner);
    const left = await collectTopic(client, topics.left);
    const reaches = (orders: ReadonlyArray<Update>, customers: ReadonlyArray<Update>) => {
      const expected = reference(orders, customers);
      return reachReference([
        { name: 'inner', records: inner.records, expected: expected.inner },
        { name: 'left', records: left.records, expected: expected.left },
      ]);
    };
    try {
      await produce(client, topics.customers, placed(first.customers, 2));
      await produce(client, topics.orders, placed(first.orders, 4));
      await harness.startRunning(partitionedTopology(topics), applicationId, { stateDir: stateDirs.create() });
      await reaches(first.orders, first.customers);

      await produce(client, topics.orders, placed(then.orders, 4));
      await produce(client, topics.customers, placed(then.customers, 2));
      await reaches([...first.orders, ...then.orders], [...first.customers, ...then.customers]);

      // The named join's topics carry its name; subscriptions are partitioned like the customers.
      const named = (await admin.listTopics())
        .filter((t) => t.startsWith(`${applicationId}-left-by-customer-`))
        .map((t) => t.slice(applicationId.length + 1))
        .sort();
      expect(named).toEqual([
        'left-by-customer-subscription-registration-topic',
        'left-by-customer-subscription-response-topic',
        'left-by-customer-subscription-store-changelog',
        'left-by-customer-subscription-store-foreign-timestamps-changelog',
      ]);
      const metadata = await admin.fetchTopicMetadata({ topics: named.map((t) => `${applicationId}-${t}`) });
      const partitions = Object.fromEntries(
        metadata.topics.map((t) => [t.name.slice(applicationId.length + 1), t.partitions.length]),
      );
      expect(partitions).toEqual({
        'left-by-customer-subscription-registration-topic': 2,
        'left-by-customer-subscription-response-topic': 4,
        'left-by-customer-subscription-store-changelog': 2,
        'left-by-customer-subscription-store-foreign-timestamps-changelog': 2,
      });
    } finally {
      await inner.stop();
      await left.stop();
    }
  });
});
