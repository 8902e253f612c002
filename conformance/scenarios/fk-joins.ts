// Foreign-key table joins (KIP-213): orders (id -> "customer:item") joined with customers (id -> name) by the
// customer in the order's value. Java twins: FkJoins.java.
import { Consumed, Materialized, Produced, Serdes } from '@streamkit/kafka-streams';
import { rec, scenarios, SS } from '../support/scenario.js';

const strings = Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });
const toStrings = Produced.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });
const show = (v: string | null) => v ?? 'null';
/** "c1:book" -> "c1"; "none:..." has no customer. */
const customerOf = (order: string): string | null => {
  const customer = order.split(':')[0]!;
  return customer === 'none' ? null : customer;
};

/** Customers and orders arriving in every order: before, after, re-keyed, deleted (both sides), in order of time. */
const orders = [
  rec('customers', 'c1', 'ann', 1),
  rec('orders', 'o1', 'c1:book', 2),
  rec('orders', 'o2', 'c2:pen', 3),
  rec('customers', 'c2', 'bob', 4),
  rec('customers', 'c1', 'anna', 5),
  rec('orders', 'o1', 'c2:cup', 6),
  rec('orders', 'o3', 'c1:hat', 7),
  rec('customers', 'c1', null, 8),
  rec('orders', 'o2', null, 9),
  rec('orders', 'o4', null, 10),
  rec('customers', 'c2', null, 11),
  rec('customers', 'c2', 'bo', 12),
  rec('orders', 'o1', 'c2:cup', 13),
  rec('orders', 'o3', 'c2:hat', 14),
];

const withoutCustomer = [
  rec('customers', 'c1', 'ann', 1),
  rec('orders', 'o1', 'none:book', 2),
  rec('orders', 'o1', 'c1:book', 3),
  rec('orders', 'o1', 'none:book', 4),
  rec('orders', 'o1', null, 5),
];

export default scenarios(
  {
    id: 'fk-join-inner',
    description: 'foreign-key join: results on both sides, re-keying, deletes of either side and of absent rows',
    build: (b) => {
      b.table('orders', strings)
        .join(
          b.table('customers', strings),
          (order) => customerOf(order)!,
          (order, name) => `${order}/${name}`,
        )
        .toStream()
        .to('out', toStrings);
    },
    steps: orders,
    outputs: { out: SS },
  },
  {
    id: 'fk-join-left',
    description: 'foreign-key left join: every order, with its customer or null',
    build: (b) => {
      b.table('orders', strings)
        .leftJoin(b.table('customers', strings), customerOf, (order, name) => `${order}/${show(name)}`)
        .toStream()
        .to('out', toStrings);
    },
    steps: orders,
    outputs: { out: SS },
  },
  {
    id: 'fk-join-null-foreign-key-inner',
    description: 'foreign-key join: an order whose extractor gives no customer has no result',
    build: (b) => {
      b.table('orders', strings)
        .join(
          b.table('customers', strings),
          (order) => customerOf(order)!,
          (order, name) => `${order}/${name}`,
        )
        .toStream()
        .to('out', toStrings);
    },
    steps: withoutCustomer,
    outputs: { out: SS },
  },
  {
    id: 'fk-join-null-foreign-key-left',
    description: 'foreign-key left join: an order whose extractor gives no customer joins null',
    build: (b) => {
      b.table('orders', strings)
        .leftJoin(b.table('customers', strings), customerOf, (order, name) => `${order}/${show(name)}`)
        .toStream()
        .to('out', toStrings);
    },
    steps: withoutCustomer,
    outputs: { out: SS },
  },
  {
    id: 'fk-join-materialized-filtered',
    description: 'a materialized foreign-key join result (queried) with a filter below it',
    build: (b) => {
      b.table('orders', strings)
        .join(
          b.table('customers', strings),
          (order) => customerOf(order)!,
          (order, name) => `${order}/${name}`,
          Materialized.as('order-view'),
        )
        .filter((_k, v) => !v.includes('cup'))
        .toStream()
        .to('out', toStrings);
    },
    steps: orders,
    outputs: { out: SS },
    stores: [{ name: 'order-view', kind: 'kv' }],
  },
  {
    id: 'fk-join-source-left-join-chain',
    description: 'a foreign-key join of a mapped table, its result joined again by primary key',
    build: (b) => {
      const customers = b.table('customers', strings);
      const mapped = b.table('orders', strings).mapValues((v) => v.toUpperCase().toLowerCase());
      mapped
        .join(
          customers,
          (order) => customerOf(order)!,
          (order, name) => `${order}/${name}`,
        )
        .leftJoin(b.table('notes', strings), (view, note) => `${view}+${show(note)}`)
        .toStream()
        .to('out', toStrings);
    },
    steps: [rec('notes', 'o1', 'gift', 0), ...orders],
    outputs: { out: SS },
  },
  {
    id: 'fk-join-timestamps',
    description: 'foreign-key join where the customer is newer than the order: the timestamp of the result',
    build: (b) => {
      b.table('orders', strings)
        .join(
          b.table('customers', strings),
          (order) => customerOf(order)!,
          (order, name) => `${order}/${name}`,
        )
        .toStream()
        .to('out', toStrings);
    },
    steps: [rec('customers', 'c1', 'ann', 10), rec('orders', 'o1', 'c1:book', 5)],
    outputs: { out: SS },
  },
);
