import { describe, expect, it } from '@jest/globals';
import {
  Consumed,
  Materialized,
  Named,
  Produced,
  Serdes,
  StreamsBuilder,
  TopologyError,
  type KTable,
} from '../../../src/index.js';
import { TopologyTestDriver } from '../../../src/testing/index.js';

const str = Serdes.String();
const int = Serdes.Int32();
const strings = Consumed.with({ keySerde: str, valueSerde: str });
const out = Produced.with({ keySerde: str, valueSerde: str });
/** A tombstone piped into a String topic. */
const DELETE = null as unknown as string;

type JoinKind = 'join' | 'leftJoin' | 'outerJoin';

/** left ⋈ right from two table topics, written as `<left>|<right>` (`-` for a missing side). */
function joinDriver(kind: JoinKind) {
  const b = new StreamsBuilder();
  const left = b.table('left', strings);
  const right = b.table('right', strings);
  const show = (l: string | null, r: string | null) => `${l ?? '-'}|${r ?? '-'}`;
  const store = Materialized.as('joined').withValueSerde(str);
  const joined: KTable<string, string> =
    kind === 'join'
      ? left.join(right, show, store)
      : kind === 'leftJoin'
        ? left.leftJoin(right, show, store)
        : left.outerJoin(right, show, store);
  joined.toStream().to('out', out);
  const driver = new TopologyTestDriver(b.build(), { applicationId: 'app' });
  return {
    driver,
    left: driver.createInputTopic('left', str, str),
    right: driver.createInputTopic('right', str, str),
    output: driver.createOutputTopic('out', str, str),
    row: (key: string) => driver.getKeyValueStore<string, string>('joined')?.get(key),
  };
}

describe('KTable-KTable inner join', () => {
  it('emits a row when both sides have the key, updates it from either side, deletes it when a side leaves', () => {
    const { left, right, output, row } = joinDriver('join');
    left.pipeInput('k', 'a1'); // no right side yet: nothing
    expect(output.isEmpty()).toBe(true);
    right.pipeInput('k', 'b1');
    left.pipeInput('k', 'a2');
    right.pipeInput('k', 'b2');
    expect(row('k')).toBe('a2|b2');
    left.pipeInput('k', DELETE); // loses the left side: tombstone
    expect(row('k')).toBeUndefined();
    right.pipeInput('k', 'b3'); // left missing: nothing
    right.pipeInput('k', DELETE); // left missing: nothing
    left.pipeInput('k', 'a3'); // right missing again: nothing
    right.pipeInput('k', 'b4');
    right.pipeInput('k', DELETE); // loses the right side: tombstone
    expect(output.readKeyValuesToList()).toEqual([
      { key: 'k', value: 'a1|b1' },
      { key: 'k', value: 'a2|b1' },
      { key: 'k', value: 'a2|b2' },
      { key: 'k', value: null },
      { key: 'k', value: 'a3|b4' },
      { key: 'k', value: null },
    ]);
  });

  it('keeps keys apart and stamps rows with the triggering update', () => {
    const { left, right, output } = joinDriver('join');
    left.pipeInput('x', 'ax', 10);
    left.pipeInput('y', 'ay', 20);
    right.pipeInput('y', 'by', 30);
    right.pipeInput('x', 'bx', 40);
    expect(output.readRecordsToList().map((r) => [r.key, r.value, r.timestamp])).toEqual([
      ['y', 'ay|by', 30],
      ['x', 'ax|bx', 40],
    ]);
  });
});

describe('KTable-KTable left join', () => {
  it('keeps left rows with a null right side; right updates without a left row emit nothing', () => {
    const { left, right, output, row } = joinDriver('leftJoin');
    left.pipeInput('k', 'a1');
    right.pipeInput('k', 'b1');
    right.pipeInput('k', DELETE); // right leaves: the row stays, right side null
    expect(row('k')).toBe('a1|-');
    left.pipeInput('k', DELETE); // left leaves: tombstone
    right.pipeInput('k', 'b2'); // no left row: nothing
    right.pipeInput('k', DELETE); // no left row: nothing
    left.pipeInput('k', 'a2');
    expect(output.readKeyValuesToList()).toEqual([
      { key: 'k', value: 'a1|-' },
      { key: 'k', value: 'a1|b1' },
      { key: 'k', value: 'a1|-' },
      { key: 'k', value: null },
      { key: 'k', value: 'a2|-' },
    ]);
  });

  it('a left delete with a right side present deletes the row', () => {
    const { left, right, output, row } = joinDriver('leftJoin');
    right.pipeInput('k', 'b1');
    left.pipeInput('k', 'a1');
    left.pipeInput('k', DELETE);
    expect(output.readValuesToList()).toEqual(['a1|b1', null]);
    expect(row('k')).toBeUndefined();
  });
});

describe('KTable-KTable outer join', () => {
  it('keeps rows from either side, with null for the missing one, and deletes a key once both sides left', () => {
    const { left, right, output, row } = joinDriver('outerJoin');
    right.pipeInput('k', 'b1'); // right only
    left.pipeInput('k', 'a1');
    left.pipeInput('k', DELETE); // back to right only
    expect(row('k')).toBe('-|b1');
    right.pipeInput('k', DELETE); // no side left: tombstone
    expect(row('k')).toBeUndefined();
    left.pipeInput('k', 'a2'); // left only
    right.pipeInput('k', 'b2');
    right.pipeInput('k', DELETE);
    expect(output.readKeyValuesToList()).toEqual([
      { key: 'k', value: '-|b1' },
      { key: 'k', value: 'a1|b1' },
      { key: 'k', value: '-|b1' },
      { key: 'k', value: null },
      { key: 'k', value: 'a2|-' },
      { key: 'k', value: 'a2|b2' },
      { key: 'k', value: 'a2|-' },
    ]);
  });
});

describe('table-table join topology', () => {
  it('uses Java names, connects each side to the other store, and co-partitions both topics', () => {
    const b = new StreamsBuilder();
    const left = b.table('left', strings, Materialized.as('left-store'));
    const right = b.table('right', strings, Materialized.as('right-store'));
    left
      .join(right, (l, r) => l + r)
      .toStream()
      .to('out', out);
    const text = b.build().describe().toString();
    // Besides the other side's store, both sides share the join's row timestamps (the later one stamps a result).
    expect(text).toContain(
      'Processor: KTABLE-JOINTHIS-0000000005 (stores: [right-store, KTABLE-MERGE-0000000004-timestamps])',
    );
    expect(text).toContain(
      'Processor: KTABLE-JOINOTHER-0000000006 (stores: [left-store, KTABLE-MERGE-0000000004-timestamps])',
    );
    expect(text).toContain('Processor: KTABLE-MERGE-0000000004 (stores: [])');
    const plan = new StreamsBuilder();
    const l2 = plan.table('left', strings);
    const r2 = plan.table('right', strings);
    l2.leftJoin(r2, (l, r) => l + (r ?? ''), Named.as('enrich'))
      .toStream()
      .to('out', out);
    const topology = plan.build();
    const described = topology.describe().toString();
    expect(described).toContain('Processor: enrich-join-this');
    expect(described).toContain('Processor: enrich-join-other');
    expect(described).toContain('Processor: enrich (stores: [])');
    const groups = topology.plan().subtopologies.flatMap((s) => s.copartitionGroups);
    expect(groups.map((g) => g.map((t) => t.name).sort())).toEqual([['left', 'right']]);
  });

  it('an unnamed Materialized gets a KTABLE-MERGE-STATE-STORE name and a changelog', () => {
    const b = new StreamsBuilder();
    const left = b.table('left', strings);
    const right = b.table('right', strings);
    left
      .join(right, (l, r) => l + r, Materialized.with(str, str))
      .toStream()
      .to('out', out);
    const stores = b
      .build()
      .plan()
      .subtopologies.flatMap((s) => (s.stores ?? []).map((st) => [st.name, st.loggingEnabled]));
    expect(stores).toEqual([
      ['left-STATE-STORE-0000000000', false],
      ['right-STATE-STORE-0000000003', false],
      ['KTABLE-MERGE-0000000007-timestamps', true],
      ['KTABLE-MERGE-STATE-STORE-0000000006', true],
    ]);
  });
});

describe('joins of tables without a store', () => {
  it('materializes filter, mapValues and toTable results once, in logged stores, and joins their current state', () => {
    const b = new StreamsBuilder();
    const users = b.table('users', strings).filter((_k, name) => name !== 'hidden');
    const scores = b.table('scores', strings).mapValues((v) => Number(v), Materialized.with<string, number>(str, int));
    const vips = b.stream('vips', strings).toTable();
    // The join result has no value serde of its own: joining it again needs one.
    const joined = users.join(scores, (name, score) => `${name}:${score}`, Materialized.with(str, str));
    joined.toStream().to('out', out);
    joined
      .leftJoin(vips, (row, vip) => `${row}${vip === null ? '' : '*'}`)
      .toStream()
      .to('vip-out', out);
    users
      .outerJoin(vips, (name, vip) => `${name ?? '?'}/${vip ?? '?'}`)
      .toStream()
      .to('outer-out', out);
    const topology = b.build();
    const stores = topology.plan().subtopologies.flatMap((s) => (s.stores ?? []).map((st) => st.name));
    // users (filter) and vips (toTable) get one store each, shared by the joins that use them.
    expect(stores.filter((s) => s.startsWith('KTABLE-MATERIALIZE-STATE-STORE-'))).toHaveLength(2);
    expect(stores.filter((s) => s.startsWith('KTABLE-MAPVALUES-STATE-STORE-'))).toHaveLength(1);

    const driver = new TopologyTestDriver(topology, { applicationId: 'app' });
    const usersIn = driver.createInputTopic('users', str, str);
    const scoresIn = driver.createInputTopic('scores', str, str);
    const vipsIn = driver.createInputTopic('vips', str, str);
    usersIn.pipeInput('u1', 'ann');
    scoresIn.pipeInput('u1', '7');
    vipsIn.pipeInput('u1', 'yes');
    usersIn.pipeInput('u1', 'hidden'); // filtered out: the row leaves every join
    scoresIn.pipeInput('u1', '8'); // no user: nothing
    usersIn.pipeInput('u1', 'bob');
    expect(driver.createOutputTopic('out', str, str).readValuesToList()).toEqual(['ann:7', null, 'bob:8']);
    expect(driver.createOutputTopic('vip-out', str, str).readValuesToList()).toEqual([
      'ann:7',
      'ann:7*',
      null,
      'bob:8*',
    ]);
    expect(driver.createOutputTopic('outer-out', str, str).readValuesToList()).toEqual([
      'ann/?',
      'ann/yes',
      '?/yes',
      'bob/yes',
    ]);
    const changelogs = driver.producedTopicNames().filter((t) => t.endsWith('-changelog'));
    expect(changelogs.filter((t) => t.startsWith('app-KTABLE-MATERIALIZE-STATE-STORE-'))).toHaveLength(2);
  });

  it('reports a table whose value serde is unknown, naming the table to give a Materialized', () => {
    const b = new StreamsBuilder();
    const lengths = b.table('words', strings).mapValues((v) => v.length);
    lengths
      .join(b.table('other', strings), (n, o) => `${n}${o}`)
      .toStream()
      .to('out', out);
    expect(() => b.build()).toThrow(TopologyError);
    expect(() => {
      const again = new StreamsBuilder();
      const l = again.table('words', strings).mapValues((v) => v.length, Named.as('lengths'));
      l.join(again.table('other', strings), (n, o) => `${n}${o}`)
        .toStream()
        .to('out', out);
      again.build();
    }).toThrow(/KTABLE-MATERIALIZE-STATE-STORE-\d+ \(materializing table lengths; .*\) value has no serde/);
  });

  it('a filter given a named Materialized is queryable and joined without another store', () => {
    const b = new StreamsBuilder();
    const adults = b.table('ages', strings).filter((_k, age) => Number(age) >= 18, Materialized.as('adults'));
    adults
      .join(b.table('names', strings), (age, name) => `${name}(${age})`)
      .toStream()
      .to('out', out);
    const topology = b.build();
    const stores = topology.plan().subtopologies.flatMap((s) => (s.stores ?? []).map((st) => st.name));
    expect(stores.some((s) => s.startsWith('KTABLE-MATERIALIZE-'))).toBe(false);
    const driver = new TopologyTestDriver(topology, { applicationId: 'app' });
    driver.createInputTopic('names', str, str).pipeInput('p', 'pat');
    const ages = driver.createInputTopic('ages', str, str);
    ages.pipeInput('p', '20');
    ages.pipeInput('p', '12');
    expect(driver.createOutputTopic('out', str, str).readValuesToList()).toEqual(['pat(20)', null]);
    expect(driver.getKeyValueStore<string, string>('adults')?.get('p')).toBeUndefined();
    ages.pipeInput('p', '30');
    expect(driver.getKeyValueStore<string, string>('adults')?.get('p')).toBe('30');
  });
});
