import { describe, expect, it } from '@jest/globals';
import { createStreamTask } from '../../../src/internal/engine/create-task.js';
import {
  Consumed,
  LogAndContinue,
  Materialized,
  Named,
  Serdes,
  Stores,
  StreamsBuilder,
  Topology,
  TopologyError,
  longAsNumberSerde,
  timeWindowedSerde,
  type GlobalStoreUpdate,
  type KeyValueStore,
  type ProcessorContext,
  type ReadOnlyKeyValueStore,
  type Windowed,
  type WindowStore,
} from '../../../src/index.js';
import { TopologyTestDriver } from '../../../src/testing/index.js';

const str = Serdes.String();
const long = longAsNumberSerde();
const strings = Consumed.with({ keySerde: str, valueSerde: str });

function problemsOf(build: () => unknown): string[] {
  try {
    build();
  } catch (error) {
    if (error instanceof TopologyError) return [...error.problems];
    throw error;
  }
  return [];
}

/** A stream whose records are tagged with what the global store holds for their value. */
function lookupTopology(storeName: string) {
  const builder = new StreamsBuilder();
  const countries = builder.globalTable('countries', strings, Materialized.as<string, string>(storeName));
  builder
    .stream('orders', strings)
    .process<string, string>(() => {
      let context: ProcessorContext<string, string>;
      let store: ReadOnlyKeyValueStore<string, string>;
      return {
        init: (c) => {
          context = c;
          // Not connected with process(supplier, storeName): global stores are readable by every processor.
          store = c.getStateStore(countries.storeName);
        },
        process: (record) => context.forward({ ...record, value: `${record.value}:${store.get(record.value)}` }),
      };
    })
    .to('tagged', { keySerde: str, valueSerde: str });
  return builder.build();
}

describe('globalTable', () => {
  it('describes like Java: the global store is numbered among the sub-topologies and has no tasks', () => {
    const builder = new StreamsBuilder({ defaultKeySerde: str, defaultValueSerde: str });
    const table = builder.globalTable('countries');
    builder.stream('orders').to('out');
    const topology = builder.build();
    expect(table.storeName).toBe('countries-STATE-STORE-0000000000');
    expect(topology.describe().toString()).toBe(
      [
        'Topologies:',
        '   Sub-topology: 0 for global store (will not generate tasks)',
        '    Source: KSTREAM-SOURCE-0000000001 (topics: [countries])',
        '      --> KTABLE-SOURCE-0000000002',
        '    Processor: KTABLE-SOURCE-0000000002 (stores: [countries-STATE-STORE-0000000000])',
        '      --> none',
        '      <-- KSTREAM-SOURCE-0000000001',
        '  Sub-topology: 1',
        '    Source: KSTREAM-SOURCE-0000000003 (topics: [orders])',
        '      --> KSTREAM-SINK-0000000004',
        '    Sink: KSTREAM-SINK-0000000004 (topic: out)',
        '      <-- KSTREAM-SOURCE-0000000003',
        '',
        '',
      ].join('\n'),
    );
    expect(topology.describe().toMermaid()).toContain('subgraph s0["Global store: 0"]');
    const plan = topology.plan();
    expect(plan.subtopologies.map((s) => s.id)).toEqual([1]);
    expect(plan.subtopologies[0]!.stores).toEqual([]);
    expect(plan.internalTopics).toEqual([]);
    const [global] = plan.globalStores ?? [];
    expect(global).toMatchObject({ id: 0, topic: 'countries' });
    expect(global!.storeBuilder).toMatchObject({
      name: 'countries-STATE-STORE-0000000000',
      kind: 'key-value',
      persistent: true,
      loggingEnabled: false,
    });
    expect(() => createStreamTask(plan, { subtopology: 0, partition: 0 }, [], {} as never)).toThrow(/no stream tasks/);
  });

  it('is filled from its topic (latest value, tombstones delete, null keys skipped) and read by any processor', () => {
    const driver = new TopologyTestDriver(lookupTopology('countries-store'));
    const countries = driver.createInputTopic('countries', str, Serdes.Void());
    const names = driver.createInputTopic('countries', str, str);
    const orders = driver.createInputTopic('orders', str, str);
    const tagged = driver.createOutputTopic('tagged', str, str);

    names.pipeInput('fr', 'Frankreich');
    names.pipeInput('fr', 'France');
    names.pipeInput('de', 'Germany');
    driver.createInputTopic('countries', Serdes.Void(), str).pipeInput(null, 'no key: skipped');
    orders.pipeInput('o1', 'fr');
    countries.pipeInput('fr', null); // tombstone
    orders.pipeInput('o2', 'fr');
    orders.pipeInput('o3', 'de');

    expect(tagged.readValuesToList()).toEqual(['fr:France', 'fr:undefined', 'de:Germany']);
    const store = driver.getKeyValueStore<string, string>('countries-store')!;
    expect(store.get('de')).toBe('Germany');
    expect(store.get('fr')).toBeUndefined();
    expect(store.approximateNumEntries()).toBe(1);
    // The global task's records count like any other task's.
    expect(driver.metrics().processed).toBe(8);
  });

  it('is read-only outside its own processor', () => {
    const builder = new StreamsBuilder();
    const table = builder.globalTable('countries', strings);
    builder.stream('orders', strings).foreach(() => undefined);
    builder.stream('writes', strings).process(() => {
      let store: KeyValueStore<string, string>;
      return {
        init: (c) => void (store = c.getStateStore(table.storeName)),
        process: (record) => store.put(record.key, record.value),
      };
    });
    const driver = new TopologyTestDriver(builder.build());
    expect(() => driver.createInputTopic('writes', str, str).pipeInput('fr', 'France')).toThrow(
      /read-only here: only its global store processor changes it/,
    );
  });

  it('can be kept in memory, and tells update listeners about each record applied', () => {
    const builder = new StreamsBuilder();
    builder.globalTable('countries', strings, Materialized.as<string, string>('countries').withInMemory());
    const topology = builder.build();
    expect(topology.plan().globalStores![0]!.storeBuilder.persistent).toBe(false);

    const driver = new TopologyTestDriver(topology);
    const seen: Array<GlobalStoreUpdate<string, string> & { stored: string | undefined }> = [];
    const stop = driver.onGlobalStoreUpdate<string, string>('countries', (update) => {
      // Listeners run after the store changed.
      seen.push({ ...update, stored: driver.getKeyValueStore<string, string>('countries')!.get(update.key) });
    });
    driver.onGlobalStoreUpdate('countries', () => {
      throw new Error('a broken listener');
    });
    const input = driver.createInputTopic('countries', str, str, { startTimestamp: 100 });
    input.pipeInput('fr', 'France');
    driver.createInputTopic('countries', str, Serdes.Void()).pipeInput('fr', null, 200);
    stop();
    input.pipeInput('de', 'Germany');

    expect(seen).toEqual([
      {
        store: 'countries',
        key: 'fr',
        value: 'France',
        timestamp: 100,
        topic: 'countries',
        partition: 0,
        offset: 0n,
        stored: 'France',
      },
      {
        store: 'countries',
        key: 'fr',
        value: null,
        timestamp: 200,
        topic: 'countries',
        partition: 0,
        offset: 1n,
        stored: undefined,
      },
    ]);
    expect(driver.logs.filter((l) => l.message.includes('update listener threw'))).toHaveLength(3);
    expect(() => driver.onGlobalStoreUpdate('nope', () => undefined)).toThrow(/No global store named nope/);
  });

  it('applies the deserialization handler to its records', () => {
    const builder = new StreamsBuilder();
    builder.globalTable(
      'rates',
      Consumed.with({ keySerde: str, valueSerde: Serdes.Int32() }),
      Materialized.as('rates'),
    );
    const driver = new TopologyTestDriver(builder.build(), {
      errorHandlers: { deserialization: LogAndContinue.deserialization() },
    });
    driver.createInputTopic('rates', str, str).pipeInput('bad', 'x'); // 1 byte: not an Int32
    driver.createInputTopic('rates', str, Serdes.Int32()).pipeInput('good', 7);
    expect(driver.getKeyValueStore<string, number>('rates')!.get('good')).toBe(7);
    expect(driver.metrics()).toMatchObject({ processed: 1, skipped: 1, deserializationErrors: 1 });
  });

  it('reports a topic read by a global table and a stream, and processors reading from global nodes', () => {
    const builder = new StreamsBuilder({ defaultKeySerde: str, defaultValueSerde: str });
    builder.globalTable('countries');
    builder.stream('countries');
    expect(problemsOf(() => builder.build())).toEqual([
      'Topic countries is read by two sources: KSTREAM-SOURCE-0000000001 and KSTREAM-SOURCE-0000000003',
    ]);
  });
});

describe('addGlobalStore', () => {
  const windowSizeMs = 60_000;
  const windowedCounts = Consumed.with({ keySerde: timeWindowedSerde(str, windowSizeMs), valueSerde: long });

  /** What the query-api service does: a windowed topic materialized into a window store, with a push per update. */
  function windowedTopology(pushed: Array<string>) {
    const builder = new StreamsBuilder();
    const store = Stores.windowStoreBuilder('counts-by-minute', str, long, {
      windowSizeMs,
      retentionMs: 10 * windowSizeMs,
    }).withLoggingDisabled();
    builder.addGlobalStore(store, 'windowed-counts', windowedCounts, () => {
      let windows: WindowStore<string, number>;
      return {
        init: (context) => void (windows = context.getStateStore(store.name)),
        process: ({ key, value }) => {
          windows.put(key.key, value, key.window.startMs);
          pushed.push(`${key.key}@${key.window.startMs}=${value}`);
        },
      };
    });
    return builder.build();
  }

  it('runs the processor on every record to fill a window store', () => {
    const pushed: string[] = [];
    const topology = windowedTopology(pushed);
    expect(topology.describe().toString()).toContain(
      '   Sub-topology: 0 for global store (will not generate tasks)\n' +
        '    Source: KSTREAM-SOURCE-0000000000 (topics: [windowed-counts])\n' +
        '      --> KTABLE-SOURCE-0000000001\n' +
        '    Processor: KTABLE-SOURCE-0000000001 (stores: [counts-by-minute])\n' +
        '      --> none\n' +
        '      <-- KSTREAM-SOURCE-0000000000\n',
    );
    const driver = new TopologyTestDriver(topology);
    const updates: Array<GlobalStoreUpdate<Windowed<string>, number>> = [];
    driver.onGlobalStoreUpdate<Windowed<string>, number>('counts-by-minute', (u) => updates.push(u));
    const input = driver.createInputTopic('windowed-counts', timeWindowedSerde(str, windowSizeMs), long);
    const minute = (key: string, start: number) => ({ key, window: { startMs: start, endMs: start + windowSizeMs } });
    input.pipeInput(minute('hello', 0), 1);
    input.pipeInput(minute('hello', 0), 2);
    input.pipeInput(minute('hello', 60_000), 1);
    input.pipeInput(minute('world', 0), 5);

    const windows = driver.getWindowStore<string, number>('counts-by-minute')!;
    expect(windows.fetchRange('hello', 0, 120_000)).toEqual([
      { windowStartMs: 0, value: 2 },
      { windowStartMs: 60_000, value: 1 },
    ]);
    expect(windows.fetch('world', 0)).toBe(5);
    expect(pushed).toEqual(['hello@0=1', 'hello@0=2', 'hello@60000=1', 'world@0=5']);
    expect(updates.map((u) => [u.key.key, u.key.window.startMs, u.value, u.offset])).toEqual([
      ['hello', 0, 1, 0n],
      ['hello', 0, 2, 1n],
      ['hello', 60_000, 1, 2n],
      ['world', 0, 5, 3n],
    ]);
  });

  it('requires logging disabled and keeps other nodes away from the global source and processor', () => {
    const builder = new StreamsBuilder();
    const logged = Stores.keyValueStoreBuilder('logged', str, str);
    builder.addGlobalStore(logged, 'settings', strings, () => ({ process: () => undefined }));
    expect(problemsOf(() => builder.build())).toEqual([
      'Global store logged must not have logging enabled: its topic settings is its changelog (use withLoggingDisabled())',
    ]);

    const raw = new Topology();
    raw
      .addGlobalStore(
        Stores.keyValueStoreBuilder('flags', str, str).withLoggingDisabled(),
        'flags-source',
        'flags',
        { keySerde: str, valueSerde: str },
        'flags-processor',
        () => ({ process: () => undefined }),
      )
      .addProcessor('spy', () => ({ process: () => undefined }), 'flags-source')
      .addSink('copy', 'flags-copy', { keySerde: str, valueSerde: str }, 'flags-processor');
    expect(problemsOf(() => raw.plan())).toEqual([
      'spy cannot read from flags-source: the nodes of global store flags only fill the store',
      'copy cannot read from flags-processor: the nodes of global store flags only fill the store',
    ]);
    expect(() =>
      raw.addGlobalStore(Stores.keyValueStoreBuilder('flags', str, str), 's', 't', {}, 'p', () => ({
        process: () => undefined,
      })),
    ).toThrow(/State store flags is already added/);
  });
});

describe('KStream-GlobalKTable join', () => {
  interface Order {
    readonly customer: string | null;
    readonly amount: number;
  }
  const orderSerde = Serdes.Json<Order>();

  function joinTopology(left: boolean) {
    const builder = new StreamsBuilder();
    const customers = builder.globalTable('customers', strings, Materialized.as<string, string>('customers'));
    const orders = builder.stream('orders', Consumed.with({ keySerde: str, valueSerde: orderSerde }));
    const joined = left
      ? orders.leftJoin(
          customers,
          (_orderId, order) => order.customer,
          (order, name) => `${order.amount} by ${name ?? 'nobody'}`,
        )
      : orders.join(
          customers,
          (_orderId, order) => order.customer,
          (order, name) => `${order.amount} by ${name}`,
        );
    joined.to('receipts', { keySerde: str, valueSerde: str });
    return builder.build();
  }

  function run(left: boolean) {
    const driver = new TopologyTestDriver(joinTopology(left));
    const customers = driver.createInputTopic('customers', str, str);
    const deletes = driver.createInputTopic('customers', str, Serdes.Void());
    const orders = driver.createInputTopic('orders', str, orderSerde);
    const keyless = driver.createInputTopic('orders', Serdes.Void(), orderSerde);
    const nullValues = driver.createInputTopic('orders', str, Serdes.Void());

    orders.pipeInput('o1', { customer: 'ann', amount: 1 }); // before the customer exists
    customers.pipeInput('ann', 'Ann');
    customers.pipeInput('bob', 'Bob');
    orders.pipeInput('o2', { customer: 'ann', amount: 2 });
    orders.pipeInput('o3', { customer: 'bob', amount: 3 });
    customers.pipeInput('ann', 'Ann B.'); // an update: no output by itself
    orders.pipeInput('o4', { customer: 'ann', amount: 4 });
    deletes.pipeInput('bob', null);
    orders.pipeInput('o5', { customer: 'bob', amount: 5 });
    orders.pipeInput('o6', { customer: null, amount: 6 }); // null mapped key
    keyless.pipeInput(null, { customer: 'ann', amount: 7 }); // null record key
    keyless.pipeInput(null, { customer: null, amount: 8 }); // null record key and mapped key
    nullValues.pipeInput('o9', null); // null value: always dropped
    return driver.createOutputTopic('receipts', str, str).readKeyValuesToList();
  }

  it('joins by the mapped key; drops records without a match, null values and null mapped keys', () => {
    expect(run(false)).toEqual([
      { key: 'o2', value: '2 by Ann' },
      { key: 'o3', value: '3 by Bob' },
      { key: 'o4', value: '4 by Ann B.' },
      { key: null, value: '7 by Ann B.' },
    ]);
  });

  it('left join passes null without a match or with a null mapped key, and keeps null-key records (Java)', () => {
    expect(run(true)).toEqual([
      { key: 'o1', value: '1 by nobody' },
      { key: 'o2', value: '2 by Ann' },
      { key: 'o3', value: '3 by Bob' },
      { key: 'o4', value: '4 by Ann B.' },
      { key: 'o5', value: '5 by nobody' },
      { key: 'o6', value: '6 by nobody' },
      { key: null, value: '7 by Ann B.' },
      { key: null, value: '8 by nobody' },
    ]);
  });

  it('needs no co-partitioning or repartition, even after the key changed', () => {
    const builder = new StreamsBuilder({ defaultKeySerde: str, defaultValueSerde: str });
    const regions = builder.globalTable('regions');
    builder
      .stream('visits')
      .selectKey((_k, v) => v)
      .join(
        regions,
        (key) => key.slice(0, 2),
        (visit, region) => `${visit}/${region}`,
        Named.as('with-region'),
      )
      .to('visits-by-region');
    const topology = builder.build();
    const plan = topology.plan();
    expect(plan.internalTopics).toEqual([]);
    expect(plan.subtopologies.map((s) => s.copartitionGroups)).toEqual([[]]);
    expect(topology.describe().toString()).toContain(
      '    Processor: with-region (stores: [])\n      --> KSTREAM-SINK-0000000005\n      <-- KSTREAM-KEY-SELECT-0000000004\n',
    );
    const driver = new TopologyTestDriver(topology);
    driver.createInputTopic('regions', str, str).pipeInput('fr', 'Europe');
    driver.createInputTopic('visits', str, str).pipeInput('v1', 'fr-paris');
    expect(driver.createOutputTopic('visits-by-region', str, str).readKeyValuesToList()).toEqual([
      { key: 'fr-paris', value: 'fr-paris/Europe' },
    ]);
  });
});
