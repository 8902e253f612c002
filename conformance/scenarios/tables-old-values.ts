// Old values on table updates (Java: sendOldValues): which operators ask for them, and what they change
// downstream (a filter's tombstones, a join's deletes, a groupBy's one-step update). Java twins: TablesOldValues.java.
import { Consumed, Grouped, Materialized, Produced, Serdes, longAsNumberSerde } from '@streamkit/kafka-streams';
import { rec, scenarios, SL, SS } from '../support/scenario.js';

const strings = Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });
const toStrings = Produced.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });
const toLongs = Produced.with({ keySerde: Serdes.String(), valueSerde: longAsNumberSerde() });
const show = (v: string | null) => v ?? 'null';
const keep = (_k: string, v: string) => v.startsWith('keep');

/** Rows failing the filter before, after and instead of passing ones. */
const filtered = [
  rec('t', 'A', 'drop1', 1),
  rec('t', 'A', 'keep1', 2),
  rec('t', 'A', 'drop2', 3),
  rec('t', 'A', 'drop3', 4),
  rec('t', 'B', 'drop1', 5),
  rec('t', 'B', null, 6),
  rec('t', 'A', 'keep2', 7),
  rec('t', 'A', null, 8),
];

export default scenarios(
  {
    id: 'old-values-filter-plain-source',
    description: 'filter on builder.table() without a named store: Java sends a tombstone for every failing update',
    build: (b) => {
      b.table('t', strings).filter(keep).toStream().to('out', toStrings);
    },
    steps: filtered,
    outputs: { out: SS },
  },
  {
    id: 'old-values-filter-named-source',
    description: 'filter on a table with a named store: tombstones only where a passing row is deleted',
    build: (b) => {
      b.table('t', strings, Materialized.as('t-store')).filter(keep).toStream().to('out', toStrings);
    },
    steps: filtered,
    outputs: { out: SS },
  },
  {
    id: 'old-values-filter-after-stream-join',
    description:
      'a stream-table join reads the table first (materializing it), so a filter added later gets old values',
    build: (b) => {
      const table = b.table('t', strings);
      b.stream('s', strings)
        .join(table, (s, t) => `${s}+${t}`)
        .to('joined', toStrings);
      table.filter(keep).toStream().to('out', toStrings);
    },
    steps: [...filtered, rec('s', 'A', 's1', 9)],
    outputs: { out: SS, joined: SS },
  },
  {
    id: 'old-values-filter-materialized-plain-source',
    description: 'a filter with its own store over a plain source: Java still sends tombstones for failing updates',
    build: (b) => {
      b.table('t', strings).filter(keep, Materialized.as('kept')).toStream().to('out', toStrings);
    },
    steps: filtered,
    outputs: { out: SS },
    stores: [{ name: 'kept', kind: 'kv' }],
  },
  {
    id: 'old-values-map-filter-chain',
    description: 'mapValues then filter then filterNot below a named source: old values computed along the chain',
    build: (b) => {
      b.table('t', strings, Materialized.as('t-store'))
        .mapValues((v) => v.toUpperCase())
        .filter((_k, v) => v.startsWith('KEEP'))
        .filterNot((_k, v) => v.endsWith('2'))
        .toStream()
        .to('out', toStrings);
    },
    steps: filtered,
    outputs: { out: SS },
  },
  {
    id: 'old-values-filter-after-count',
    description: 'a filter below a count: an update failing it that replaced no passing row sends nothing',
    build: (b) => {
      b.stream('in', strings)
        .groupByKey()
        .count()
        .filter((_k, n) => n % 2 === 0)
        .toStream()
        .to('out', toLongs);
    },
    steps: [rec('in', 'A', 'a', 1), rec('in', 'A', 'a', 2), rec('in', 'A', 'a', 3), rec('in', 'B', 'b', 4)],
    outputs: { out: SL },
  },
  {
    id: 'old-values-filter-after-named-count',
    description: 'a filter below a count with a named store',
    build: (b) => {
      b.stream('in', strings)
        .groupByKey()
        .count(Materialized.as('counts'))
        .filter((_k, n) => n % 2 === 0)
        .toStream()
        .to('out', toLongs);
    },
    steps: [rec('in', 'A', 'a', 1), rec('in', 'A', 'a', 2), rec('in', 'A', 'a', 3), rec('in', 'B', 'b', 4)],
    outputs: { out: SL },
  },
  {
    id: 'old-values-filter-after-reduce',
    description: 'a filter below a reduce',
    build: (b) => {
      b.stream('in', strings)
        .groupByKey()
        .reduce((a, v) => a + v)
        .filter((_k, v) => v.length % 2 === 0)
        .toStream()
        .to('out', toStrings);
    },
    steps: [rec('in', 'A', 'a', 1), rec('in', 'A', 'a', 2), rec('in', 'A', 'a', 3), rec('in', 'B', 'b', 4)],
    outputs: { out: SS },
  },
  {
    id: 'old-values-outer-join-deletes',
    description: 'table-table outer join: deletes of keys neither side holds, of one side, of both',
    build: (b) => {
      b.table('left', strings)
        .outerJoin(b.table('right', strings), (l, r) => `${show(l)}+${show(r)}`)
        .toStream()
        .to('out', toStrings);
    },
    steps: [
      rec('left', 'A', null, 1),
      rec('right', 'A', null, 2),
      rec('left', 'A', 'a1', 3),
      rec('right', 'A', 'x1', 4),
      rec('left', 'A', null, 5),
      rec('left', 'A', null, 6),
      rec('right', 'A', null, 7),
      rec('right', 'A', null, 8),
    ],
    outputs: { out: SS },
  },
  {
    id: 'old-values-left-join-right-deletes',
    description: 'table-table left join: right-side deletes with and without a left row, left deletes after them',
    build: (b) => {
      b.table('left', strings)
        .leftJoin(b.table('right', strings), (l, r) => `${l}+${show(r)}`)
        .toStream()
        .to('out', toStrings);
    },
    steps: [
      rec('right', 'A', 'x1', 1),
      rec('right', 'A', null, 2),
      rec('left', 'A', 'a1', 3),
      rec('right', 'A', 'x2', 4),
      rec('right', 'A', null, 5),
      rec('left', 'A', null, 6),
      rec('left', 'A', null, 7),
    ],
    outputs: { out: SS },
  },
  {
    id: 'old-values-join-then-filter',
    description:
      'a filter below an inner table-table join: the join sends old values, so failing rows that replace none send nothing',
    build: (b) => {
      b.table('left', strings)
        .join(b.table('right', strings), (l, r) => `${l}+${r}`)
        .filter((_k, v) => v.includes('keep'))
        .toStream()
        .to('out', toStrings);
    },
    steps: [
      rec('left', 'A', 'a1', 1),
      rec('right', 'A', 'x1', 2),
      rec('left', 'A', 'keep', 3),
      rec('right', 'A', 'x2', 4),
      rec('left', 'A', 'a2', 5),
      rec('right', 'A', null, 6),
      rec('right', 'A', 'x3', 7),
    ],
    outputs: { out: SS },
  },
  {
    id: 'old-values-grouped-reduce-moves',
    description: 'KTable.groupBy reduce: rows staying in their group (one update) and moving between groups (two)',
    build: (b) => {
      b.table('t', strings)
        .groupBy(
          (k, v) => ({ key: v.split(':')[0]!, value: v.split(':')[1]! }),
          Grouped.with({ name: 'by-prefix', keySerde: Serdes.String(), valueSerde: Serdes.String() }),
        )
        .reduce(
          (sum, v) => String(Number(sum) + Number(v)),
          (sum, v) => String(Number(sum) - Number(v)),
          Materialized.as('sums'),
        )
        .toStream()
        .to('out', toStrings);
    },
    steps: [
      rec('t', 'A', 'x:1', 1),
      rec('t', 'B', 'x:2', 2),
      rec('t', 'A', 'x:5', 3),
      rec('t', 'A', 'y:5', 4),
      rec('t', 'B', 'y:1', 5),
      rec('t', 'B', 'y:1', 6),
      rec('t', 'A', null, 7),
      rec('t', 'C', null, 8),
    ],
    outputs: { out: SS },
    stores: [{ name: 'sums', kind: 'kv' }],
  },
);
