// count / reduce / aggregate on grouped streams. Java twins: Aggregations.java.
import {
  BufferConfig,
  Consumed,
  Grouped,
  Materialized,
  Produced,
  Serdes,
  Suppressed,
  longAsNumberSerde,
} from '@streamkit/kafka-streams';
import { rec, scenarios, SL, SS } from '../support/scenario.js';

const strings = Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });
const toLongs = Produced.with({ keySerde: Serdes.String(), valueSerde: longAsNumberSerde() });

export default scenarios(
  {
    id: 'count-by-key',
    description: 'groupByKey().count(): updates per key, and the store',
    build: (b) => {
      b.stream('in', strings).groupByKey().count(Materialized.as('counts')).toStream().to('out', toLongs);
    },
    steps: [rec('in', 'A', 'a', 1), rec('in', 'B', 'b', 5), rec('in', 'A', 'c', 5), rec('in', 'A', 'd', 12)],
    outputs: { out: SL },
    stores: [{ name: 'counts', kind: 'kv' }],
  },
  {
    id: 'count-out-of-order',
    description: 'count with a record older than the aggregate: the timestamp of the result',
    build: (b) => {
      b.stream('in', strings).groupByKey().count().toStream().to('out', toLongs);
    },
    steps: [rec('in', 'A', 'a', 10), rec('in', 'A', 'b', 3), rec('in', 'A', 'c', 12)],
    outputs: { out: SL },
  },
  {
    id: 'count-null-key-value',
    description: 'count skips records with a null key; what it does with a null value',
    build: (b) => {
      b.stream('in', strings).groupByKey().count().toStream().to('out', toLongs);
    },
    steps: [rec('in', 'A', 'a', 1), rec('in', null, 'b', 2), rec('in', 'A', null, 3), rec('in', 'A', 'c', 4)],
    outputs: { out: SL },
  },
  {
    id: 'reduce-concat',
    description: 'reduce concatenating values; null values are skipped',
    build: (b) => {
      b.stream('in', strings)
        .groupByKey()
        .reduce((agg, v) => `${agg}+${v}`, Materialized.as('reduced'))
        .toStream()
        .to('out', Produced.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() }));
    },
    steps: [
      rec('in', 'A', 'x', 1),
      rec('in', 'A', 'y', 2),
      rec('in', 'B', 'z', 3),
      rec('in', 'A', null, 4),
      rec('in', 'A', 'w', 5),
    ],
    outputs: { out: SS },
    stores: [{ name: 'reduced', kind: 'kv' }],
  },
  {
    id: 'aggregate-total-length',
    description: 'aggregate summing value lengths into a Long',
    build: (b) => {
      b.stream('in', strings)
        .groupByKey()
        .aggregate(
          () => 0,
          (_k, v, agg) => agg + v.length,
          Materialized.as<string, number>('lengths').withValueSerde(longAsNumberSerde()),
        )
        .toStream()
        .to('out', toLongs);
    },
    steps: [rec('in', 'A', 'xx', 1), rec('in', 'B', 'yyy', 2), rec('in', 'A', 'z', 3)],
    outputs: { out: SL },
    stores: [{ name: 'lengths', kind: 'kv' }],
  },
  {
    id: 'group-by-count',
    description: 'groupBy (new key, through a repartition topic) then count',
    build: (b) => {
      b.stream('in', strings)
        .groupBy(
          (_k, v) => v.slice(0, 1),
          Grouped.with({ name: 'first-letter', keySerde: Serdes.String(), valueSerde: Serdes.String() }),
        )
        .count()
        .toStream()
        .to('out', toLongs);
    },
    steps: [
      rec('in', 'A', 'apple', 1),
      rec('in', 'B', 'avocado', 2),
      rec('in', 'C', 'banana', 3),
      rec('in', 'D', 'blueberry', 4),
    ],
    outputs: { out: SL },
  },
  {
    id: 'count-many-keys',
    description: 'count over ten keys, in order, and the store',
    build: (b) => {
      b.stream('in', strings).groupByKey().count(Materialized.as('counts')).toStream().to('out', toLongs);
    },
    steps: Array.from({ length: 20 }, (_, i) => rec('in', `k${(i * 7) % 10}`, 'v', i)),
    outputs: { out: SL },
    stores: [{ name: 'counts', kind: 'kv' }],
  },
  {
    id: 'reduce-then-map-values',
    description: 'reduce (max of values as numbers) then KTable mapValues',
    build: (b) => {
      b.stream('in', strings)
        .groupByKey()
        .reduce((a, v) => (Number(v) > Number(a) ? v : a))
        .mapValues((v) => `max=${v}`)
        .toStream()
        .to('out', Produced.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() }));
    },
    steps: [rec('in', 'A', '3', 1), rec('in', 'A', '1', 2), rec('in', 'A', '7', 3), rec('in', 'B', '2', 4)],
    outputs: { out: SS },
  },
  {
    id: 'count-suppress-time-limit',
    description: "suppress(untilTimeLimit(10)): each key's latest count, 10 ms of stream time after its first update",
    build: (b) => {
      b.stream('in', strings)
        .groupByKey()
        .count()
        .suppress(Suppressed.untilTimeLimit(10, BufferConfig.unbounded()))
        .toStream()
        .to('out', toLongs);
    },
    steps: [
      rec('in', 'A', 'a', 0),
      rec('in', 'A', 'b', 5),
      rec('in', 'B', 'c', 8),
      rec('in', 'A', 'd', 12),
      rec('in', 'B', 'e', 20),
      rec('in', 'C', 'f', 40),
    ],
    outputs: { out: SL },
  },
  {
    id: 'count-suppress-emit-early',
    description: 'suppress(untilTimeLimit) with maxRecords(2).emitEarlyWhenFull(): the oldest leave early',
    build: (b) => {
      b.stream('in', strings)
        .groupByKey()
        .count()
        .suppress(Suppressed.untilTimeLimit(100, BufferConfig.maxRecords(2).emitEarlyWhenFull()))
        .toStream()
        .to('out', toLongs);
    },
    steps: [
      rec('in', 'A', 'a', 0),
      rec('in', 'B', 'b', 1),
      rec('in', 'C', 'c', 2),
      rec('in', 'D', 'd', 3),
      rec('in', 'A', 'e', 4),
      rec('in', 'D', 'f', 5),
    ],
    outputs: { out: SL },
  },
);
