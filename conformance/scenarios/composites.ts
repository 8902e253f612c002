// Operators chained: key changes before joins and windows, tables back to streams. Java twins: Composites.java.
import {
  Consumed,
  Grouped,
  Materialized,
  Produced,
  Serdes,
  SlidingWindows,
  Suppressed,
  TimeWindows,
  longAsNumberSerde,
  timeWindowedSerde,
} from '@streamkit/kafka-streams';
import { rec, scenarios, SL, SS, tw } from '../support/scenario.js';

const strings = Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });
const toStrings = Produced.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });
const toLongs = Produced.with({ keySerde: Serdes.String(), valueSerde: longAsNumberSerde() });
const windowedLongs = (size: number) =>
  Produced.with({ keySerde: timeWindowedSerde(Serdes.String(), size), valueSerde: longAsNumberSerde() });
const show = (v: string | null) => v ?? 'null';

export default scenarios(
  {
    id: 'table-to-stream-map',
    description: 'a table back to a stream, re-keyed with map (tombstones included)',
    build: (b) => {
      b.table('t', strings)
        .toStream()
        .map((k, v) => ({ key: `${k}-${show(v)}`, value: show(v) }))
        .to('out', toStrings);
    },
    steps: [rec('t', 'A', 'a', 1), rec('t', 'A', null, 2), rec('t', 'B', 'b', 3)],
    outputs: { out: SS },
  },
  {
    id: 'select-key-table-join',
    description: "selectKey before a stream-table join: the stream is repartitioned to the table's key",
    build: (b) => {
      const users = b.table('users', strings);
      b.stream('clicks', strings)
        .selectKey((_k, v) => v)
        .leftJoin(users, (user, city) => `${user}@${show(city)}`)
        .to('out', toStrings);
    },
    steps: [
      rec('users', 'ann', 'paris', 1),
      rec('clicks', 'c1', 'ann', 2),
      rec('clicks', 'c2', 'bob', 3),
      rec('users', 'bob', 'rome', 4),
      rec('clicks', 'c3', 'bob', 5),
    ],
    outputs: { out: SS },
  },
  {
    id: 'group-by-windowed',
    description: 'groupBy (new key, repartition) then a tumbling windowed count, in order',
    build: (b) =>
      b
        .stream('in', strings)
        .groupBy(
          (_k, v) => v,
          Grouped.with({ name: 'by-value', keySerde: Serdes.String(), valueSerde: Serdes.String() }),
        )
        .windowedBy(TimeWindows.ofSizeWithNoGrace(10))
        .count()
        .toStream()
        .to('out', windowedLongs(10)),
    steps: [rec('in', 'A', 'x', 1), rec('in', 'B', 'x', 4), rec('in', 'C', 'y', 9), rec('in', 'D', 'x', 12)],
    outputs: { out: tw(10) },
  },
  {
    id: 'table-filter-not',
    description: 'KTable filterNot',
    build: (b) => {
      b.table('t', strings)
        .filterNot((_k, v) => v.startsWith('x'))
        .toStream()
        .to('out', toStrings);
    },
    steps: [rec('t', 'A', 'a', 1), rec('t', 'A', 'xa', 2), rec('t', 'B', 'xb', 3), rec('t', 'B', 'b', 4)],
    outputs: { out: SS },
  },
  {
    id: 'flat-map-reduce',
    description: 'flatMap into words, then reduce per word (repartitioned)',
    build: (b) => {
      b.stream('in', strings)
        .flatMap((_k, v) => v.split(' ').map((w) => ({ key: w, value: '1' })))
        .groupByKey()
        .reduce((a, c) => String(Number(a) + Number(c)), Materialized.as('words'))
        .toStream()
        .to('out', toStrings);
    },
    steps: [rec('in', 's1', 'a b a', 1), rec('in', 's2', 'b c', 2)],
    outputs: { out: SS },
    stores: [{ name: 'words', kind: 'kv' }],
  },
  {
    id: 'aggregate-initial-value',
    description: 'aggregate with a non-zero initial value',
    build: (b) => {
      b.stream('in', strings)
        .groupByKey()
        .aggregate(
          () => 100,
          (_k, v, agg) => agg - v.length,
          Materialized.as<string, number>('budget').withValueSerde(longAsNumberSerde()),
        )
        .toStream()
        .to('out', toLongs);
    },
    steps: [rec('in', 'A', 'xx', 1), rec('in', 'A', 'yyy', 2), rec('in', 'B', 'z', 3)],
    outputs: { out: SL },
    stores: [{ name: 'budget', kind: 'kv' }],
  },
  {
    id: 'sliding-keys-in-order',
    description: 'sliding windows over two interleaved keys, in order',
    build: (b) =>
      b
        .stream('in', strings)
        .groupByKey()
        .windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(5, 0))
        .count()
        .toStream()
        .to('out', windowedLongs(5)),
    steps: [
      rec('in', 'A', 'a', 10),
      rec('in', 'B', 'b', 11),
      rec('in', 'A', 'c', 13),
      rec('in', 'B', 'd', 20),
      rec('in', 'A', 'e', 21),
    ],
    outputs: { out: tw(5) },
  },
  {
    id: 'hopping-suppress-grace',
    description: 'hopping windows (10 / 5, grace 3), suppressed: final counts as each window closes',
    build: (b) =>
      b
        .stream('in', strings)
        .groupByKey()
        .windowedBy(TimeWindows.ofSizeAndGrace(10, 3).advanceBy(5))
        .count()
        .suppress(Suppressed.untilWindowCloses())
        .toStream()
        .to('out', windowedLongs(10)),
    steps: [
      rec('in', 'A', 'a', 1),
      rec('in', 'B', 'b', 7),
      rec('in', 'A', 'c', 12),
      rec('in', 'A', 'd', 18),
      rec('in', 'B', 'e', 30),
    ],
    outputs: { out: tw(10) },
  },
  {
    id: 'grouped-table-out-of-order',
    description: 'KTable groupBy count with table updates whose timestamps go back',
    build: (b) => {
      b.table('users', strings)
        .groupBy(
          (user, city) => ({ key: city, value: user }),
          Grouped.with({ name: 'by-city', keySerde: Serdes.String(), valueSerde: Serdes.String() }),
        )
        .count()
        .toStream()
        .to('out', toLongs);
    },
    steps: [rec('users', 'ann', 'paris', 10), rec('users', 'bob', 'paris', 5), rec('users', 'ann', 'rome', 3)],
    outputs: { out: SL },
  },
  {
    id: 'select-key-null-count',
    description: 'selectKey to a null key for some records, then groupByKey().count() (through a repartition topic)',
    build: (b) => {
      b.stream('in', strings)
        .selectKey((_k, v) => (v === 'none' ? (null as unknown as string) : v))
        .groupByKey()
        .count()
        .toStream()
        .to('out', toLongs);
    },
    steps: [rec('in', 'A', 'x', 1), rec('in', 'B', 'none', 2), rec('in', 'C', 'x', 3)],
    outputs: { out: SL },
  },
  {
    id: 'merge-three',
    description: 'three streams merged (merge of a merge)',
    build: (b) => {
      b.stream('a', strings)
        .merge(b.stream('b', strings))
        .merge(b.stream('c', strings).mapValues((v) => `c:${v}`))
        .to('out', toStrings);
    },
    steps: [rec('c', 'K', '1', 3), rec('a', 'K', '2', 1), rec('b', 'K', '3', 2)],
    outputs: { out: SS },
  },
  {
    id: 'table-source-out-of-order',
    description: 'builder.table() with updates whose timestamps go back (no versioned store: every update applies)',
    build: (b) => {
      b.table('t', strings, Materialized.as('t-store')).toStream().to('out', toStrings);
    },
    steps: [rec('t', 'A', 'a1', 10), rec('t', 'A', 'a2', 5), rec('t', 'B', 'b1', 1)],
    outputs: { out: SS },
    stores: [{ name: 't-store', kind: 'kv' }],
  },
);
