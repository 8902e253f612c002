// KTable operators: sources, filter/mapValues with tombstones, toTable, KGroupedTable aggregations, table-table
// joins. Java twins: Tables.java.
import { Consumed, Grouped, Materialized, Produced, Serdes, longAsNumberSerde } from '@streamkit/kafka-streams';
import { rec, scenarios, SL, SS } from '../support/scenario.js';

const strings = Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });
const toStrings = Produced.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });
const toLongs = Produced.with({ keySerde: Serdes.String(), valueSerde: longAsNumberSerde() });
const show = (v: string | null) => v ?? 'null';
const byCity = Grouped.with({ name: 'by-city', keySerde: Serdes.String(), valueSerde: Serdes.String() });

/** user -> city: moves, a delete, a delete of a key that never existed, a re-add. */
const moves = [
  rec('users', 'ann', 'paris', 1),
  rec('users', 'bob', 'paris', 2),
  rec('users', 'cid', 'rome', 3),
  rec('users', 'ann', 'rome', 4),
  rec('users', 'bob', null, 5),
  rec('users', 'zed', null, 6),
  rec('users', 'bob', 'oslo', 7),
];

export default scenarios(
  {
    id: 'table-source',
    description: 'builder.table(): updates and tombstones forwarded, the store holds the latest values',
    build: (b) => {
      b.table('t', strings, Materialized.as('t-store')).toStream().to('out', toStrings);
    },
    steps: [
      rec('t', 'A', 'a1', 1),
      rec('t', 'B', 'b1', 2),
      rec('t', 'A', 'a2', 3),
      rec('t', 'B', null, 4),
      rec('t', 'C', null, 5),
    ],
    outputs: { out: SS },
    stores: [{ name: 't-store', kind: 'kv' }],
  },
  {
    id: 'table-filter',
    description: 'KTable filter (not materialized): rows failing the filter become tombstones',
    build: (b) => {
      b.table('t', strings)
        .filter((_k, v) => v.startsWith('keep'))
        .toStream()
        .to('out', toStrings);
    },
    steps: [
      rec('t', 'A', 'keep1', 1),
      rec('t', 'B', 'drop1', 2),
      rec('t', 'A', 'drop2', 3),
      rec('t', 'A', 'keep3', 4),
      rec('t', 'A', null, 5),
    ],
    outputs: { out: SS },
  },
  {
    id: 'table-filter-materialized',
    description: 'KTable filter with a store: the store holds the rows that pass',
    build: (b) => {
      b.table('t', strings)
        .filter((_k, v) => v.startsWith('keep'), Materialized.as('kept'))
        .toStream()
        .to('out', toStrings);
    },
    steps: [
      rec('t', 'A', 'keep1', 1),
      rec('t', 'B', 'drop1', 2),
      rec('t', 'A', 'drop2', 3),
      rec('t', 'C', 'keep2', 4),
      rec('t', 'C', null, 5),
    ],
    outputs: { out: SS },
    stores: [{ name: 'kept', kind: 'kv' }],
  },
  {
    id: 'table-map-values',
    description: 'KTable mapValues: tombstones stay tombstones (the mapper never sees null)',
    build: (b) => {
      b.table('t', strings)
        .mapValues((v, k) => `${k}=${v.toUpperCase()}`)
        .toStream()
        .to('out', toStrings);
    },
    steps: [rec('t', 'A', 'a', 1), rec('t', 'A', 'b', 2), rec('t', 'A', null, 3), rec('t', 'B', null, 4)],
    outputs: { out: SS },
  },
  {
    id: 'stream-to-table',
    description: 'KStream.toTable(): a stream read as a changelog; null values delete',
    build: (b) => {
      b.stream('in', strings)
        .toTable(undefined)
        .mapValues((v) => `v:${v}`)
        .toStream()
        .to('out', toStrings);
    },
    steps: [rec('in', 'A', 'a', 1), rec('in', 'A', null, 2), rec('in', 'B', 'b', 3)],
    outputs: { out: SS },
  },
  {
    id: 'grouped-table-count',
    description: 'KTable.groupBy(city).count(): users moving between cities, leaving, coming back',
    build: (b) => {
      b.table('users', strings)
        .groupBy((user, city) => ({ key: city, value: user }), byCity)
        .count(Materialized.as('per-city'))
        .toStream()
        .to('out', toLongs);
    },
    steps: moves,
    outputs: { out: SL },
    stores: [{ name: 'per-city', kind: 'kv' }],
  },
  {
    id: 'grouped-table-aggregate',
    description: 'KTable.groupBy(city).aggregate(adder, subtractor): the users of each city as a sorted list',
    build: (b) => {
      b.table('users', strings)
        .groupBy((user, city) => ({ key: city, value: user }), byCity)
        .aggregate(
          () => '',
          (_city, user, agg) =>
            [...agg.split(','), user]
              .filter((u) => u !== '')
              .sort()
              .join(','),
          (_city, user, agg) =>
            agg
              .split(',')
              .filter((u) => u !== '' && u !== user)
              .join(','),
          Materialized.as<string, string>('users-per-city').withValueSerde(Serdes.String()),
        )
        .toStream()
        .to('out', toStrings);
    },
    steps: moves,
    outputs: { out: SS },
    stores: [{ name: 'users-per-city', kind: 'kv' }],
  },
  {
    id: 'grouped-table-reduce',
    description: 'KTable.groupBy(first letter).reduce(adder, subtractor) over string lengths',
    build: (b) => {
      b.table('t', strings)
        .groupBy(
          (_k, v) => ({ key: v.slice(0, 1), value: String(v.length) }),
          Grouped.with({ name: 'by-letter', keySerde: Serdes.String(), valueSerde: Serdes.String() }),
        )
        .reduce(
          (agg, v) => String(Number(agg) + Number(v)),
          (agg, v) => String(Number(agg) - Number(v)),
        )
        .toStream()
        .to('out', toStrings);
    },
    steps: [
      rec('t', 'A', 'apple', 1),
      rec('t', 'B', 'avocado', 2),
      rec('t', 'C', 'banana', 3),
      rec('t', 'A', 'blueberry', 4),
      rec('t', 'B', null, 5),
    ],
    outputs: { out: SS },
  },
  {
    id: 'table-join-inner',
    description: 'table-table inner join: updates on either side, deletes',
    build: (b) => {
      b.table('left', strings)
        .join(b.table('right', strings), (l, r) => `${l}+${r}`)
        .toStream()
        .to('out', toStrings);
    },
    steps: [
      rec('left', 'A', 'a1', 1),
      rec('right', 'A', 'x1', 2),
      rec('left', 'A', 'a2', 3),
      rec('right', 'B', 'y1', 4),
      rec('right', 'A', null, 5),
      rec('left', 'B', 'b1', 6),
      rec('left', 'B', null, 7),
    ],
    outputs: { out: SS },
  },
  {
    id: 'table-join-left',
    description: 'table-table left join',
    build: (b) => {
      b.table('left', strings)
        .leftJoin(b.table('right', strings), (l, r) => `${l}+${show(r)}`)
        .toStream()
        .to('out', toStrings);
    },
    steps: [
      rec('left', 'A', 'a1', 1),
      rec('right', 'A', 'x1', 2),
      rec('right', 'A', null, 3),
      rec('right', 'B', 'y1', 4),
      rec('left', 'B', 'b1', 5),
      rec('left', 'A', null, 6),
    ],
    outputs: { out: SS },
  },
  {
    id: 'table-join-outer',
    description: 'table-table outer join',
    build: (b) => {
      b.table('left', strings)
        .outerJoin(b.table('right', strings), (l, r) => `${show(l)}+${show(r)}`)
        .toStream()
        .to('out', toStrings);
    },
    steps: [
      rec('left', 'A', 'a1', 1),
      rec('right', 'B', 'y1', 2),
      rec('right', 'A', 'x1', 3),
      rec('left', 'A', null, 4),
      rec('right', 'A', null, 5),
    ],
    outputs: { out: SS },
  },
  {
    id: 'table-join-materialized',
    description: 'table-table join with a store: the store holds the joined rows',
    build: (b) => {
      b.table('left', strings)
        .join(b.table('right', strings), (l, r) => `${l}+${r}`, Materialized.as('joined'))
        .toStream()
        .to('out', toStrings);
    },
    steps: [
      rec('left', 'A', 'a1', 1),
      rec('right', 'A', 'x1', 2),
      rec('left', 'B', 'b1', 3),
      rec('right', 'B', 'y1', 4),
      rec('left', 'A', null, 5),
    ],
    outputs: { out: SS },
    stores: [{ name: 'joined', kind: 'kv' }],
  },
  {
    id: 'table-join-delete-absent',
    description: 'table-table joins: a delete of a key that has no joined row',
    build: (b) => {
      const left = b.table('left', strings);
      const right = b.table('right', strings);
      left
        .join(right, (l, r) => `${l}+${r}`)
        .toStream()
        .to('inner', toStrings);
      left
        .leftJoin(right, (l, r) => `${l}+${show(r)}`)
        .toStream()
        .to('left-join', toStrings);
    },
    steps: [rec('left', 'A', null, 1), rec('right', 'B', 'y1', 2), rec('right', 'B', null, 3)],
    outputs: { inner: SS, 'left-join': SS },
  },
  {
    id: 'table-join-timestamps',
    description: 'table-table join where the other side is newer than the update: the timestamp of the result',
    build: (b) => {
      b.table('left', strings)
        .join(b.table('right', strings), (l, r) => `${l}+${r}`)
        .toStream()
        .to('out', toStrings);
    },
    steps: [rec('right', 'A', 'x1', 10), rec('left', 'A', 'a1', 5)],
    outputs: { out: SS },
  },
  {
    id: 'grouped-table-same-group',
    description: 'KTable.groupBy(city).count(): a row updated without leaving its group',
    build: (b) => {
      b.table('users', strings)
        .groupBy((user, city) => ({ key: city, value: user }), byCity)
        .count()
        .toStream()
        .to('out', toLongs);
    },
    steps: [rec('users', 'ann', 'paris', 1), rec('users', 'bob', 'paris', 2), rec('users', 'ann', 'paris', 3)],
    outputs: { out: SL },
  },
  {
    id: 'table-filter-join',
    description: 'a filtered table joined with another table (the filter result is materialized for the join)',
    build: (b) => {
      b.table('left', strings)
        .filter((_k, v) => v !== 'hide')
        .join(b.table('right', strings), (l, r) => `${l}+${r}`)
        .toStream()
        .to('out', toStrings);
    },
    steps: [
      rec('left', 'A', 'a1', 1),
      rec('right', 'A', 'x1', 2),
      rec('left', 'A', 'hide', 3),
      rec('right', 'A', 'x2', 4),
      rec('left', 'A', 'a2', 5),
    ],
    outputs: { out: SS },
  },
  {
    id: 'table-map-values-materialized',
    description: 'KTable mapValues with a store, then queried',
    build: (b) => {
      b.table('t', strings)
        .mapValues((v) => v.length, Materialized.as<string, number>('lengths').withValueSerde(longAsNumberSerde()))
        .toStream()
        .to('out', toLongs);
    },
    steps: [rec('t', 'A', 'abc', 1), rec('t', 'B', 'de', 2), rec('t', 'A', null, 3), rec('t', 'C', 'f', 4)],
    outputs: { out: SL },
    stores: [{ name: 'lengths', kind: 'kv' }],
  },
  {
    id: 'table-join-chain',
    description: 'three tables joined in a chain (a.join(b).leftJoin(c))',
    build: (b) => {
      b.table('a', strings)
        .join(b.table('b', strings), (x, y) => `${x}${y}`)
        .leftJoin(b.table('c', strings), (xy, z) => `${xy}${show(z)}`)
        .toStream()
        .to('out', toStrings);
    },
    steps: [
      rec('a', 'K', '1', 1),
      rec('c', 'K', '3', 2),
      rec('b', 'K', '2', 3),
      rec('c', 'K', null, 4),
      rec('a', 'K', null, 5),
    ],
    outputs: { out: SS },
  },
  {
    id: 'table-join-outer-materialized',
    description: 'table-table outer join with a store: rows of either side, deletes',
    build: (b) => {
      b.table('left', strings)
        .outerJoin(b.table('right', strings), (l, r) => `${show(l)}+${show(r)}`, Materialized.as('outer'))
        .toStream()
        .to('out', toStrings);
    },
    steps: [
      rec('right', 'A', 'x1', 1),
      rec('left', 'B', 'b1', 2),
      rec('left', 'A', 'a1', 3),
      rec('right', 'A', null, 4),
      rec('left', 'B', null, 5),
    ],
    outputs: { out: SS },
    stores: [{ name: 'outer', kind: 'kv' }],
  },
  {
    id: 'table-join-left-right-first',
    description: 'table-table left join where the right rows come first',
    build: (b) => {
      b.table('left', strings)
        .leftJoin(b.table('right', strings), (l, r) => `${l}+${show(r)}`)
        .toStream()
        .to('out', toStrings);
    },
    steps: [
      rec('right', 'A', 'x1', 1),
      rec('right', 'A', 'x2', 2),
      rec('left', 'A', 'a1', 3),
      rec('right', 'A', 'x3', 4),
    ],
    outputs: { out: SS },
  },
  {
    id: 'grouped-table-reduce-negative',
    description: 'KTable.groupBy reduce whose subtractor takes the sum below zero',
    build: (b) => {
      b.table('t', strings)
        .groupBy(
          (_k, v) => ({ key: 'all', value: v }),
          Grouped.with({ name: 'all', keySerde: Serdes.String(), valueSerde: Serdes.String() }),
        )
        .reduce(
          (agg, v) => String(Number(agg) + Number(v)),
          (agg, v) => String(Number(agg) - Number(v)),
          Materialized.as('total'),
        )
        .toStream()
        .to('out', toStrings);
    },
    steps: [
      rec('t', 'A', '5', 1),
      rec('t', 'B', '3', 2),
      rec('t', 'A', '-4', 3),
      rec('t', 'B', null, 4),
      rec('t', 'A', null, 5),
    ],
    outputs: { out: SS },
    stores: [{ name: 'total', kind: 'kv' }],
  },
);
