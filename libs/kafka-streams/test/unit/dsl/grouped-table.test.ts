import { describe, expect, it } from '@jest/globals';
import {
  Consumed,
  Grouped,
  Materialized,
  Produced,
  Serdes,
  StreamsBuilder,
  longAsNumberSerde,
} from '../../../src/index.js';
import { TopologyTestDriver } from '../../../src/testing/index.js';

const str = Serdes.String();
const int = Serdes.Int32();
const long = longAsNumberSerde();
const strings = Consumed.with({ keySerde: str, valueSerde: str });
const DELETE = null as unknown as string;

/** users: user -> city; counted per city. */
function usersPerCity(materialized = Materialized.as<string, number>('users-per-city')) {
  const b = new StreamsBuilder();
  b.table('users', strings)
    .groupBy((user, city) => ({ key: city, value: user }), Grouped.with({ keySerde: str, valueSerde: str }))
    .count(materialized)
    .toStream()
    .to('counts', Produced.with({ keySerde: str, valueSerde: long }));
  return b.build();
}

describe('KTable.groupBy(...).count()', () => {
  it('moves a row between groups: the old group is decremented, the new one incremented', () => {
    const driver = new TopologyTestDriver(usersPerCity(), { applicationId: 'app' });
    const users = driver.createInputTopic('users', str, str);
    const counts = driver.createOutputTopic('counts', str, long);
    users.pipeInput('alice', 'paris');
    users.pipeInput('bob', 'paris');
    users.pipeInput('alice', 'london'); // subtract from paris first, then add to london
    expect(counts.readKeyValuesToList()).toEqual([
      { key: 'paris', value: 1 },
      { key: 'paris', value: 2 },
      { key: 'paris', value: 1 },
      { key: 'london', value: 1 },
    ]);
    const store = driver.getKeyValueStore<string, number>('users-per-city');
    expect([store?.get('paris'), store?.get('london')]).toEqual([1, 1]);
  });

  it('a delete only subtracts, and a group whose rows all left keeps a count of 0 (as in Java)', () => {
    const driver = new TopologyTestDriver(usersPerCity(), { applicationId: 'app' });
    const users = driver.createInputTopic('users', str, str);
    const counts = driver.createOutputTopic('counts', str, long);
    users.pipeInput('alice', 'paris');
    users.pipeInput('alice', DELETE);
    users.pipeInput('alice', DELETE); // nothing left to subtract: nothing sent
    users.pipeInput('carol', DELETE); // never seen: nothing sent
    expect(counts.readKeyValuesToList()).toEqual([
      { key: 'paris', value: 1 },
      { key: 'paris', value: 0 },
    ]);
    expect(driver.getKeyValueStore<string, number>('users-per-city')?.get('paris')).toBe(0);
    users.pipeInput('alice', 'paris');
    expect(counts.readValuesToList()).toEqual([1]);
  });

  it('an update within the same group subtracts and adds in one step (one update downstream, as Java)', () => {
    const driver = new TopologyTestDriver(usersPerCity(), { applicationId: 'app' });
    const users = driver.createInputTopic('users', str, str);
    users.pipeInput('alice', 'paris');
    users.pipeInput('alice', 'paris');
    expect(driver.createOutputTopic('counts', str, long).readValuesToList()).toEqual([1, 1]);
  });

  it('remembers what it sent per source key in a logged store, and keeps the source headers', () => {
    const driver = new TopologyTestDriver(usersPerCity(), { applicationId: 'app' });
    const users = driver.createInputTopic('users', str, str);
    users.pipeInput('alice', 'paris', 5, [['trace', Buffer.from('t-1')]]);
    const record = driver.createOutputTopic('counts', str, long).readRecord();
    expect(record.headers.map(([k, v]) => [k, v.toString()])).toEqual([['trace', 't-1']]);
    expect(record.timestamp).toBe(5);
    const sent = driver.getKeyValueStore<string, { key: string; value: string }>('KTABLE-SELECT-0000000003-store');
    expect(sent?.get('alice')).toEqual({ key: 'paris', value: 'alice' });
    users.pipeInput('alice', DELETE);
    expect(sent?.get('alice')).toBeUndefined();
    expect(driver.producedTopicNames()).toEqual(
      expect.arrayContaining([
        'app-KTABLE-SELECT-0000000003-store-changelog',
        'app-users-per-city-changelog',
        'app-users-per-city-repartition',
      ]),
    );
  });

  it('a selection with a null key is not sent, but the previous one is still withdrawn', () => {
    const b = new StreamsBuilder();
    b.table('users', strings)
      .groupBy(
        (user, city) => ({ key: city === 'nowhere' ? (null as unknown as string) : city, value: user }),
        Grouped.with({ keySerde: str, valueSerde: str }),
      )
      .count()
      .toStream()
      .to('counts', Produced.with({ keySerde: str, valueSerde: long }));
    const driver = new TopologyTestDriver(b.build(), { applicationId: 'app' });
    const users = driver.createInputTopic('users', str, str);
    users.pipeInput('alice', 'paris');
    users.pipeInput('alice', 'nowhere');
    users.pipeInput('alice', 'rome');
    expect(driver.createOutputTopic('counts', str, long).readKeyValuesToList()).toEqual([
      { key: 'paris', value: 1 },
      { key: 'paris', value: 0 },
      { key: 'rome', value: 1 },
    ]);
  });

  it('rejects a repartitioned record its groupBy did not write', () => {
    const driver = new TopologyTestDriver(usersPerCity(), { applicationId: 'app' });
    const repartition = driver.createInputTopic('app-users-per-city-repartition', str, str);
    expect(() => repartition.pipeInput('paris', 'mallory')).toThrow(/that its groupBy did not write/);
  });
});

describe('KGroupedTable reduce and aggregate', () => {
  /** orders: id -> "customer:amount" */
  const parse = (order: string) => {
    const [customer = '', amount = '0'] = order.split(':');
    return { key: customer, value: Number(amount) };
  };

  it('reduce applies the subtractor to the old value and the adder to the new one', () => {
    const b = new StreamsBuilder();
    b.table('orders', strings)
      .groupBy((_id, order) => parse(order), Grouped.with({ keySerde: str, valueSerde: int }))
      .reduce(
        (total, amount) => total + amount,
        (total, amount) => total - amount,
        Materialized.as('totals'),
      )
      .toStream()
      .to('totals', Produced.with({ keySerde: str, valueSerde: int }));
    const driver = new TopologyTestDriver(b.build(), { applicationId: 'app' });
    const orders = driver.createInputTopic('orders', str, str);
    orders.pipeInput('o1', 'c1:10');
    orders.pipeInput('o2', 'c1:5');
    orders.pipeInput('o1', 'c1:20'); // same customer: -10 and +20 in one update
    orders.pipeInput('o2', 'c2:5'); // moves to c2
    orders.pipeInput('o1', DELETE);
    expect(driver.createOutputTopic('totals', str, int).readKeyValuesToList()).toEqual([
      { key: 'c1', value: 10 },
      { key: 'c1', value: 15 },
      { key: 'c1', value: 25 },
      { key: 'c1', value: 20 },
      { key: 'c2', value: 5 },
      { key: 'c1', value: 0 },
    ]);
    expect(driver.getKeyValueStore<string, number>('totals')?.get('c2')).toBe(5);
  });

  it('aggregate starts from the initializer and subtracts with the subtractor; Grouped names one shared topic', () => {
    interface Stats {
      readonly orders: number;
      readonly total: number;
    }
    const b = new StreamsBuilder();
    const grouped = b
      .table('orders', strings)
      .groupBy((_id, order) => parse(order), Grouped.with({ name: 'by-customer', keySerde: str, valueSerde: int }));
    grouped
      .aggregate<Stats>(
        () => ({ orders: 0, total: 0 }),
        (_customer, amount, stats) => ({ orders: stats.orders + 1, total: stats.total + amount }),
        (_customer, amount, stats) => ({ orders: stats.orders - 1, total: stats.total - amount }),
        Materialized.as('stats').withValueSerde(Serdes.Json<Stats>()),
      )
      .toStream()
      .to('stats', Produced.with({ keySerde: str, valueSerde: Serdes.Json<Stats>() }));
    grouped
      .count(Materialized.as('order-counts'))
      .toStream()
      .to('counts', Produced.with({ keySerde: str, valueSerde: long }));
    const topology = b.build();
    expect(topology.plan().internalTopics.map((t) => t.name)).toEqual(['by-customer-repartition']);
    expect(topology.describe().toString()).toContain('Processor: by-customer (stores: [by-customer-store])');

    const driver = new TopologyTestDriver(topology, { applicationId: 'app' });
    const orders = driver.createInputTopic('orders', str, str);
    orders.pipeInput('o1', 'c1:10');
    orders.pipeInput('o2', 'c1:4');
    orders.pipeInput('o1', 'c2:10');
    expect(driver.getKeyValueStore<string, Stats>('stats')?.get('c1')).toEqual({ orders: 1, total: 4 });
    expect(driver.getKeyValueStore<string, Stats>('stats')?.get('c2')).toEqual({ orders: 1, total: 10 });
    expect(driver.createOutputTopic('counts', str, long).readKeyValuesToList()).toEqual([
      { key: 'c1', value: 1 },
      { key: 'c1', value: 2 },
      { key: 'c1', value: 1 },
      { key: 'c2', value: 1 },
    ]);
  });

  it('without Grouped names, each aggregation repartitions through a topic named after its store (Java names)', () => {
    const b = new StreamsBuilder();
    const grouped = b
      .table('orders', strings)
      .groupBy((_id, order) => parse(order), Grouped.with({ keySerde: str, valueSerde: int }));
    grouped.count();
    grouped.reduce(
      (a, v) => a + v,
      (a, v) => a - v,
    );
    const topology = b.build();
    expect(topology.plan().internalTopics.map((t) => t.name)).toEqual([
      'KTABLE-AGGREGATE-STATE-STORE-0000000004-repartition',
      'KTABLE-AGGREGATE-STATE-STORE-0000000008-repartition',
    ]);
    const text = topology.describe().toString();
    expect(text).toContain(
      'Processor: KTABLE-AGGREGATE-0000000007 (stores: [KTABLE-AGGREGATE-STATE-STORE-0000000004, KTABLE-AGGREGATE-STATE-STORE-0000000004-timestamps])',
    );
    expect(text).toContain(
      'Processor: KTABLE-REDUCE-0000000011 (stores: [KTABLE-AGGREGATE-STATE-STORE-0000000008, KTABLE-AGGREGATE-STATE-STORE-0000000008-timestamps])',
    );
  });

  it('a filtered table feeds the grouping: a filtered-out row leaves its group', () => {
    const b = new StreamsBuilder();
    b.table('users', strings)
      .filter((_user, city) => city !== 'secret')
      .groupBy((user, city) => ({ key: city, value: user }), Grouped.with({ keySerde: str, valueSerde: str }))
      .count()
      .toStream()
      .to('counts', Produced.with({ keySerde: str, valueSerde: long }));
    const driver = new TopologyTestDriver(b.build(), { applicationId: 'app' });
    const users = driver.createInputTopic('users', str, str);
    users.pipeInput('alice', 'secret'); // a tombstone from the filter: nothing to withdraw
    users.pipeInput('alice', 'paris');
    users.pipeInput('alice', 'secret');
    expect(driver.createOutputTopic('counts', str, long).readKeyValuesToList()).toEqual([
      { key: 'paris', value: 1 },
      { key: 'paris', value: 0 },
    ]);
  });

  it('a grouping without serdes is reported by build()', () => {
    const b = new StreamsBuilder();
    b.table('users', strings)
      .groupBy((user, city) => ({ key: city.length, value: user }))
      .count();
    expect(() => b.build()).toThrow(/KSTREAM-SINK-\d+ has no key serde/);
  });
});
