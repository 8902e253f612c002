import { describe, it, expect } from '@jest/globals';
import {
  Consumed,
  Grouped,
  Materialized,
  Produced,
  Serdes,
  SessionWindows,
  StreamsBuilder,
  Suppressed,
  TimeWindows,
  longAsNumberSerde,
  timeWindowedSerde,
  sessionWindowedSerde,
} from '../../../src/index.js';
import { TopologyTestDriver } from '../../../src/testing/index.js';

const str = Serdes.String();
const long = longAsNumberSerde();
const strings = Consumed.with({ keySerde: str, valueSerde: str });

describe('aggregations through the test driver', () => {
  const build = (define: (b: StreamsBuilder) => void) => {
    const b = new StreamsBuilder();
    define(b);
    return new TopologyTestDriver(b.build(), { applicationId: 'app' });
  };

  it('groupBy repartitions, unnamed stores get Java names; reduce and aggregate', () => {
    const b = new StreamsBuilder();
    const grouped = b.stream('in', strings).groupBy((_k, v) => v.length, Grouped.with({ keySerde: Serdes.Int32() }));
    grouped
      .count()
      .toStream()
      .to('out', Produced.with({ keySerde: Serdes.Int32(), valueSerde: long }));
    const plan = b.build().plan();
    expect(plan.internalTopics.map((t) => t.name)).toEqual(['KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition']);
    expect(plan.subtopologies.flatMap((s) => (s.stores ?? []).map((st) => st.name))).toEqual([
      'KSTREAM-AGGREGATE-STATE-STORE-0000000002',
    ]);

    const driver = build((bb) => {
      const g = bb.stream('in', strings).groupByKey();
      g.reduce((a, v) => `${a}+${v}`, Materialized.as('r'))
        .toStream()
        .to('reduced', Produced.with({ keySerde: str, valueSerde: str }));
      g.aggregate(
        () => 0,
        (_k, v, agg) => agg + v.length,
        Materialized.as<string, number>('a').withValueSerde(long).withInMemory(),
      )
        .toStream()
        .to('lengths', Produced.with({ keySerde: str, valueSerde: long }));
    });
    const input = driver.createInputTopic('in', str, str);
    input.pipeInput('k', 'x');
    input.pipeInput('k', 'yy');
    expect(driver.createOutputTopic('reduced', str, str).readValuesToList()).toEqual(['x', 'x+yy']);
    expect(driver.createOutputTopic('lengths', str, long).readValuesToList()).toEqual([1, 3]);
  });

  it('windowed count: window boundaries, grace, late records dropped and counted, suppress emits final results', () => {
    const driver = build((bb) => {
      const counted = bb
        .stream('in', strings)
        .groupByKey()
        .windowedBy(TimeWindows.ofSizeAndGrace(100, 50))
        .count(Materialized.as('w'));
      counted.toStream().to('all', Produced.with({ keySerde: timeWindowedSerde(str, 100), valueSerde: long }));
      counted
        .suppress(Suppressed.untilWindowCloses())
        .toStream()
        .to('final', Produced.with({ keySerde: timeWindowedSerde(str, 100), valueSerde: long }));
    });
    const input = driver.createInputTopic('in', str, str);
    input.pipeInput('k', 'a', 0);
    input.pipeInput('k', 'b', 99); // still [0, 100)
    input.pipeInput('k', 'c', 100); // [100, 200)
    input.pipeInput('k', 'd', 149); // stream time 149: [0,100) closes at 150
    input.pipeInput('k', 'e', 50); // in grace: counted
    const final = driver.createOutputTopic('final', timeWindowedSerde(str, 100), long);
    expect(final.isEmpty()).toBe(true);
    input.pipeInput('k', 'f', 150); // closes [0, 100)
    expect(final.readKeyValuesToList()).toEqual([{ key: { key: 'k', window: { startMs: 0, endMs: 100 } }, value: 3 }]);
    input.pipeInput('k', 'late', 10);
    expect(driver.metrics().droppedLateRecords).toBe(1);
    expect(driver.logs.some((l) => l.level === 'debug' && /late record dropped/.test(l.message))).toBe(true);
    const all = driver.createOutputTopic('all', timeWindowedSerde(str, 100), long).readValuesToList();
    expect(all).toEqual([1, 2, 1, 2, 3, 3]);
  });

  it('session windows merge sessions and emit tombstones for merged-away sessions', () => {
    const driver = build((bb) =>
      bb
        .stream('in', strings)
        .groupByKey()
        // Grace 20: with none, [0,0] would have expired by stream time 20 (as in Java) and c would not bridge.
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(10, 20))
        .count(Materialized.as('s'))
        .toStream()
        .to('out', Produced.with({ keySerde: sessionWindowedSerde(str), valueSerde: long })),
    );
    const input = driver.createInputTopic('in', str, str);
    input.pipeInput('k', 'a', 0);
    input.pipeInput('k', 'b', 20);
    input.pipeInput('k', 'c', 10); // bridges [0,0] and [20,20]
    const out = driver.createOutputTopic('out', sessionWindowedSerde(str), long).readKeyValuesToList();
    expect(out.map(({ key, value }) => [key.window.startMs, key.window.endMs, value])).toEqual([
      [0, 0, 1],
      [20, 20, 1],
      [0, 0, null],
      [20, 20, null],
      [0, 20, 3],
    ]);
    expect(
      driver
        .getSessionStore<string, number>('s')
        ?.fetch('k')
        .map((s) => s.value),
    ).toEqual([3]);
  });
});

describe('tables', () => {
  it('table() is materialized without a changelog; stream-table join and left join; filter, mapValues, tombstones', () => {
    const b = new StreamsBuilder();
    const table = b.table('users', strings, Materialized.as('users-store'));
    const stream = b.stream('clicks', strings);
    stream
      .join(table, (click, user) => `${click}@${user}`)
      .to('joined', Produced.with({ keySerde: str, valueSerde: str }));
    stream
      .leftJoin(table, (click, user) => `${click}@${user ?? '-'}`)
      .to('left', Produced.with({ keySerde: str, valueSerde: str }));
    table
      .filter((_k, v) => v !== 'hidden')
      .mapValues((v) => v.toUpperCase())
      .toStream()
      .to('upper', Produced.with({ keySerde: str, valueSerde: str }));
    const topology = b.build();
    const plan = topology.plan();
    expect(plan.subtopologies[0]?.copartitionGroups.map((g) => g.map((t) => t.name).sort())).toEqual([
      ['clicks', 'users'],
      ['clicks', 'users'],
    ]);
    const driver = new TopologyTestDriver(topology, { applicationId: 'app' });
    const users = driver.createInputTopic('users', str, str);
    const clicks = driver.createInputTopic('clicks', str, str);
    clicks.pipeInput('u1', 'c0');
    users.pipeInput('u1', 'ann');
    clicks.pipeInput('u1', 'c1');
    users.pipeInput('u1', 'hidden');
    users.pipeInput('u1', null as unknown as string);
    clicks.pipeInput('u1', 'c2');
    expect(driver.createOutputTopic('joined', str, str).readValuesToList()).toEqual(['c1@ann']);
    expect(driver.createOutputTopic('left', str, str).readValuesToList()).toEqual(['c0@-', 'c1@ann', 'c2@-']);
    // The named store materializes the table, so the filter gets old values: hiding 'ann' sends a tombstone,
    // deleting the hidden row sends none (it had no row below the filter), as in Java.
    expect(driver.createOutputTopic('upper', str, str).readValuesToList()).toEqual(['ANN', null]);
    expect(driver.producedTopicNames().some((t) => t.endsWith('-changelog'))).toBe(false);
    expect(driver.getKeyValueStore<string, string>('users-store')?.get('u1')).toBeUndefined();
  });

  it('a stream joins a table without a store of its own (toTable, filter): the table is materialized once', () => {
    const b = new StreamsBuilder();
    const users = b
      .stream('users', strings)
      .toTable()
      .filter((_k, v) => v !== 'hidden');
    const clicks = b.stream('clicks', strings);
    clicks
      .join(users, (click, user) => `${click}@${user}`)
      .to('joined', Produced.with({ keySerde: str, valueSerde: str }));
    clicks
      .leftJoin(users, (click, user) => `${click}@${user ?? '-'}`)
      .to('left', Produced.with({ keySerde: str, valueSerde: str }));
    const topology = b.build();
    const stores = topology.plan().subtopologies.flatMap((s) => s.stores ?? []);
    expect(stores.map((s) => s.name)).toEqual(['KTABLE-MATERIALIZE-STATE-STORE-0000000004']);
    const driver = new TopologyTestDriver(topology, { applicationId: 'app' });
    const userInput = driver.createInputTopic('users', str, str);
    const clickInput = driver.createInputTopic('clicks', str, str);
    clickInput.pipeInput('u1', 'c0');
    userInput.pipeInput('u1', 'ann');
    clickInput.pipeInput('u1', 'c1');
    userInput.pipeInput('u1', 'hidden'); // filtered out: the table deletes u1
    clickInput.pipeInput('u1', 'c2');
    userInput.pipeInput('u1', 'bob');
    userInput.pipeInput('u1', null as unknown as string); // tombstone
    clickInput.pipeInput('u1', 'c3');
    expect(driver.createOutputTopic('joined', str, str).readValuesToList()).toEqual(['c1@ann']);
    expect(driver.createOutputTopic('left', str, str).readValuesToList()).toEqual(['c0@-', 'c1@ann', 'c2@-', 'c3@-']);
  });
});
