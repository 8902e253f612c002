// Foreign-key table joins with TableJoined (partitioners for the subscription and response topics, a name) and
// extractors that read the key (KIP-1104): orders (id -> "customer:item") joined with customers (id -> name).
// The partitioners check what they are given (topic name, key, null value, one partition) and fail the task
// otherwise, so the internal topic names and which partitioner sees which key are compared too.
// Java twins: FkJoinsTableJoined.java.
import {
  Consumed,
  Materialized,
  Produced,
  Serdes,
  TableJoined,
  type StreamPartitioner,
} from '@streamkit/kafka-streams';
import { rec, scenarios, SS } from '../support/scenario.js';

const strings = Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });
const toStrings = Produced.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });
const show = (v: string | null) => v ?? 'null';
const customerOf = (order: string): string | null => {
  const customer = order.split(':')[0]!;
  return customer === 'none' ? null : customer;
};

/**
 * The only partition of an internal topic of the test driver, for keys that pass `accepts` on the topic `topic`
 * (the application id is `app`), and null keys when `nullKeys` (a left join's subscriptions without foreign key);
 * anything else fails the task.
 */
function checking(
  topic: string,
  accepts: (key: string) => boolean,
  nullKeys = false,
): StreamPartitioner<string | null, null> {
  return (actualTopic, key, value, numPartitions) => {
    const keyAccepted = key === null ? nullKeys : accepts(key);
    if (actualTopic !== topic || value !== null || numPartitions !== 1 || !keyAccepted) {
      throw new Error(`partitioner: unexpected ${actualTopic} ${key} ${String(value)} ${numPartitions}`);
    }
    return 0;
  };
}

const orders = [
  rec('customers', 'c1', 'ann', 1),
  rec('orders', 'o1', 'c1:book', 2),
  rec('orders', 'o2', 'c2:pen', 3),
  rec('customers', 'c2', 'bob', 4),
  rec('customers', 'c1', 'anna', 5),
  rec('orders', 'o1', 'c2:cup', 6),
  rec('orders', 'o3', 'none:hat', 7),
  rec('customers', 'c1', null, 8),
  rec('orders', 'o2', null, 9),
];

export default scenarios(
  {
    id: 'fk-join-table-joined-named',
    description: 'TableJoined.as(name): the internal topics are <app>-<name>-subscription-registration/response-topic',
    build: (b) => {
      const joined = TableJoined.with<string, string>(
        checking('app-by-customer-subscription-response-topic', (k) => k.startsWith('o')),
        checking('app-by-customer-subscription-registration-topic', (k) => k.startsWith('c')),
      ).withName('by-customer');
      b.table('orders', strings)
        .join(
          b.table('customers', strings),
          (order) => customerOf(order)!,
          (order, name) => `${order}/${name}`,
          joined,
          Materialized.as('order-view'),
        )
        .toStream()
        .to('out', toStrings);
    },
    steps: orders.filter((r) => !('value' in r && r.value === 'none:hat')),
    outputs: { out: SS },
    stores: [{ name: 'order-view', kind: 'kv' }],
  },
  {
    id: 'fk-join-table-joined-unnamed',
    description:
      'TableJoined.with(partitioner, otherPartitioner), no name: generated topic names, each partitioner its keys',
    build: (b) => {
      b.table('orders', strings)
        .join(
          b.table('customers', strings),
          (order) => customerOf(order)!,
          (order, name) => `${order}/${name}`,
          TableJoined.with<string, string>(
            checking('app-KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000014-topic', (k) => k.startsWith('o')),
            checking('app-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic', (k) => k.startsWith('c')),
          ),
        )
        .toStream()
        .to('out', toStrings);
    },
    steps: orders.filter((r) => !('value' in r && r.value === 'none:hat')),
    outputs: { out: SS },
  },
  {
    id: 'fk-join-table-joined-left',
    description:
      'left join with TableJoined.as(name).withOtherPartitioner: an order without customer subscribes with a null ' +
      'foreign key, which the partitioner is given, and joins null',
    build: (b) => {
      b.table('orders', strings)
        .leftJoin(
          b.table('customers', strings),
          customerOf,
          (order, name) => `${order}/${show(name)}`,
          TableJoined.as<string, string>('left-by-customer').withOtherPartitioner(
            checking('app-left-by-customer-subscription-registration-topic', (k) => k.startsWith('c'), true),
          ),
        )
        .toStream()
        .to('out', toStrings);
    },
    steps: orders,
    outputs: { out: SS },
  },
  {
    id: 'fk-join-other-partitioner-fails',
    description: 'the subscription partitioner fails for foreign key c2: the task fails when o2 subscribes to it',
    build: (b) => {
      b.table('orders', strings)
        .join(
          b.table('customers', strings),
          (order) => customerOf(order)!,
          (order, name) => `${order}/${name}`,
          TableJoined.as<string, string>('fails').withOtherPartitioner(
            checking('app-fails-subscription-registration-topic', (k) => k !== 'c2'),
          ),
        )
        .toStream()
        .to('out', toStrings);
    },
    steps: orders,
    outputs: { out: SS },
  },
  {
    id: 'fk-join-partitioner-fails',
    description: 'the response partitioner fails for order o2: the task fails when customer c2 answers it',
    build: (b) => {
      b.table('orders', strings)
        .join(
          b.table('customers', strings),
          (order) => customerOf(order)!,
          (order, name) => `${order}/${name}`,
          TableJoined.as<string, string>('fails').withPartitioner(
            checking('app-fails-subscription-response-topic', (k) => k !== 'o2'),
          ),
        )
        .toStream()
        .to('out', toStrings);
    },
    steps: orders,
    outputs: { out: SS },
  },
  {
    id: 'fk-join-key-extractor',
    description: 'an extractor of key and value (KIP-1104): vip orders belong to c1 whatever their value says',
    build: (b) => {
      const customers = b.table('customers', strings);
      const orderTable = b.table('orders', strings);
      const customerFor = (order: string, id: string) => (id.startsWith('vip') ? 'c1' : customerOf(order));
      orderTable
        .join(
          customers,
          (order, id) => customerFor(order, id)!,
          (order, name) => `${order}/${name}`,
        )
        .toStream()
        .to('inner', toStrings);
      orderTable
        .leftJoin(customers, customerFor, (order, name) => `${order}/${show(name)}`, TableJoined.as('vip'))
        .toStream()
        .to('left', toStrings);
    },
    steps: [
      ...orders,
      rec('orders', 'vip1', 'c2:ring', 10),
      rec('orders', 'vip2', 'none:gem', 11),
      rec('customers', 'c1', 'ann', 12),
      rec('orders', 'vip1', null, 13),
    ],
    outputs: { inner: SS, left: SS },
  },
  {
    id: 'fk-join-table-joined-then-unnamed',
    description:
      'a named foreign-key join (its names use up indexes as generated ones would, as its unmaterialized result ' +
      "store's), toStream, to, then an unnamed one: the generated topic names of the second",
    build: (b) => {
      const customers = b.table('customers', strings);
      const orderTable = b.table('orders', strings);
      orderTable
        .join(
          customers,
          (order) => customerOf(order)!,
          (order, name) => `a:${order}/${name}`,
          TableJoined.as('first'),
        )
        .toStream()
        .to('out', toStrings);
      orderTable
        .leftJoin(
          customers,
          customerOf,
          (order, name) => `b:${order}/${show(name)}`,
          TableJoined.with<string, string>(
            checking('app-KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000030-topic', (k) => k.startsWith('o')),
            checking('app-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000022-topic', (k) => k.startsWith('c'), true),
          ),
          Materialized.as('second-view'),
        )
        .toStream()
        .to('out', toStrings);
    },
    steps: orders,
    outputs: { out: SS },
    stores: [{ name: 'second-view', kind: 'kv' }],
  },
);
