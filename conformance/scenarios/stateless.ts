// Stateless operators. Java twins: conformance/java/src/main/java/streamkit/conformance/Stateless.java.
import {
  Branched,
  Consumed,
  Named,
  Produced,
  Repartitioned,
  Serdes,
  longAsNumberSerde,
} from '@streamkit/kafka-streams';
import { rec, scenarios, SS, SL } from '../support/scenario.js';

const strings = Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });
const toStrings = Produced.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });

export default scenarios(
  {
    id: 'filter-map-values',
    description: 'filter, filterNot and mapValues, null values included',
    build: (b) => {
      const s = b.stream('in', strings);
      s.filter((_k, v) => v !== null && v.startsWith('a'))
        .mapValues((v) => v.toUpperCase())
        .to('out', toStrings);
      s.filterNot((k, _v) => k === 'B')
        .mapValues((v, k) => `${k}:${v ?? 'null'}`)
        .to('out2', toStrings);
    },
    steps: [
      rec('in', 'A', 'apple', 1),
      rec('in', 'B', 'avocado', 2),
      rec('in', 'A', 'banana', 3),
      rec('in', 'C', null, 4),
      rec('in', null, 'alone', 5),
    ],
    outputs: { out: SS, out2: SS },
  },
  {
    id: 'flat-map-select-key',
    description: 'flatMap to several records, flatMapValues, selectKey and map',
    build: (b) => {
      const s = b.stream('in', strings);
      s.flatMap((k, v) => v.split(',').map((part) => ({ key: part, value: `${k}` })))
        .selectKey((k, v) => `${v}-${k}`)
        .to('out', toStrings);
      s.flatMapValues((v) => v.split(','))
        .map((k, v) => ({ key: v, value: `${k}!` }))
        .to('out2', toStrings);
    },
    steps: [rec('in', 'A', 'x,y', 10), rec('in', 'B', 'z', 5), rec('in', 'C', '', 7)],
    outputs: { out: SS, out2: SS },
  },
  {
    id: 'split-branches',
    description: 'split into named branches with a default branch; first matching predicate wins',
    build: (b) => {
      const branches = b
        .stream('in', strings)
        .split(Named.as('b-'))
        .branch((_k, v) => v.startsWith('a'))
        .branch((_k, v) => v.length > 3)
        .defaultBranch();
      branches['b-1']!.to('a', toStrings);
      branches['b-2']!.to('long', toStrings);
      branches['b-0']!.to('rest', toStrings);
    },
    steps: [
      rec('in', 'K', 'apple', 1),
      rec('in', 'K', 'kiwi', 2),
      rec('in', 'K', 'fig', 3),
      rec('in', 'K', 'avocado', 4),
    ],
    outputs: { a: SS, long: SS, rest: SS },
  },
  {
    id: 'merge-streams',
    description: 'merge of two streams keeps each record with its own timestamp, in processing order',
    build: (b) => {
      const left = b.stream('left', strings).mapValues((v) => `L${v}`);
      const right = b.stream('right', strings).mapValues((v) => `R${v}`);
      left.merge(right).to('out', toStrings);
    },
    steps: [
      rec('left', 'A', '1', 10),
      rec('right', 'A', '2', 5),
      rec('left', 'B', '3', 20),
      rec('right', 'B', '4', 15),
    ],
    outputs: { out: SS },
  },
  {
    id: 'repartition-explicit',
    description: 'repartition() after selectKey: records come out of the repartition topic unchanged',
    build: (b) => {
      b.stream('in', strings)
        .selectKey((_k, v) => v)
        .repartition(Repartitioned.with({ name: 'by-value', keySerde: Serdes.String(), valueSerde: Serdes.String() }))
        .mapValues((v, k) => `${k}/${v}`)
        .to('out', toStrings);
    },
    steps: [rec('in', 'A', 'x', 1), rec('in', 'B', 'y', 2), rec('in', 'C', 'x', 3)],
    outputs: { out: SS },
  },
  {
    id: 'repartition-count',
    description: 'selectKey then groupByKey().count(): an implicit repartition topic before the aggregation',
    build: (b) => {
      b.stream('in', strings)
        .selectKey((_k, v) => v)
        .groupByKey()
        .count()
        .toStream()
        .to('out', Produced.with({ keySerde: Serdes.String(), valueSerde: longAsNumberSerde() }));
    },
    steps: [rec('in', 'A', 'x', 1), rec('in', 'B', 'y', 2), rec('in', 'C', 'x', 3), rec('in', 'D', 'x', 4)],
    outputs: { out: SL },
  },
  {
    id: 'null-key-passthrough',
    description: 'records with null keys and null values through stateless operators',
    build: (b) => {
      b.stream('in', strings)
        .mapValues((v) => (v === null ? 'was-null' : v))
        .filter((k, _v) => k === null || k !== 'drop')
        .to('out', toStrings);
    },
    steps: [rec('in', null, 'a', 1), rec('in', 'K', null, 2), rec('in', null, null, 3), rec('in', 'drop', 'x', 4)],
    outputs: { out: SS },
  },
  {
    id: 'repartition-partitions',
    description: 'repartition into 3 partitions: each key processed by its own downstream task',
    build: (b) => {
      b.stream('in', strings)
        .selectKey((_k, v) => v)
        .repartition(
          Repartitioned.with({
            name: 'three',
            keySerde: Serdes.String(),
            valueSerde: Serdes.String(),
            numberOfPartitions: 3,
          }),
        )
        .groupByKey()
        .count()
        .toStream()
        .to('out', Produced.with({ keySerde: Serdes.String(), valueSerde: longAsNumberSerde() }));
    },
    steps: [
      rec('in', '1', 'a', 1),
      rec('in', '2', 'b', 2),
      rec('in', '3', 'c', 3),
      rec('in', '4', 'a', 4),
      rec('in', '5', 'd', 5),
      rec('in', '6', 'b', 6),
    ],
    outputs: { out: SL },
  },
  {
    id: 'merge-then-count',
    description: 'two streams merged, then counted per key',
    build: (b) => {
      b.stream('left', strings)
        .merge(b.stream('right', strings))
        .groupByKey()
        .count()
        .toStream()
        .to('out', Produced.with({ keySerde: Serdes.String(), valueSerde: longAsNumberSerde() }));
    },
    steps: [rec('left', 'A', 'a', 1), rec('right', 'A', 'b', 2), rec('right', 'B', 'c', 3), rec('left', 'A', 'd', 4)],
    outputs: { out: SL },
  },
  {
    id: 'flat-map-values-empty',
    description: 'flatMapValues returning no values, one value, several; peek has no effect',
    build: (b) => {
      b.stream('in', strings)
        .peek(() => undefined)
        .flatMapValues((v) => (v === '' ? [] : v.split('')))
        .to('out', toStrings);
    },
    steps: [rec('in', 'A', '', 1), rec('in', 'B', 'x', 2), rec('in', 'C', 'yz', 3)],
    outputs: { out: SS },
  },
  {
    id: 'split-consumers-no-default',
    description: 'split with consumer and function branches and no default branch: unmatched records are dropped',
    build: (b) => {
      b.stream('in', strings)
        .split(Named.as('s-'))
        .branch(
          (_k, v) => v.startsWith('a'),
          Branched.withConsumer<string, string>((ks) => ks.to('a', toStrings)),
        )
        .branch(
          (_k, v) => v.startsWith('b'),
          Branched.withConsumer<string, string>((ks) => ks.mapValues((v) => v.toUpperCase()).to('b', toStrings)),
        )
        .noDefaultBranch();
    },
    steps: [
      rec('in', 'K', 'apple', 1),
      rec('in', 'K', 'banana', 2),
      rec('in', 'K', 'cherry', 3),
      rec('in', 'K', 'avocado', 4),
    ],
    outputs: { a: SS, b: SS },
  },
  {
    id: 'map-to-null-value',
    description: 'map and mapValues producing null values and null keys, written as they are',
    build: (b) => {
      b.stream('in', strings)
        .map((k, v) => ({
          key: v === 'nokey' ? (null as unknown as string) : k,
          value: v === 'novalue' ? (null as unknown as string) : v,
        }))
        .to('out', toStrings);
    },
    steps: [rec('in', 'A', 'nokey', 1), rec('in', 'B', 'novalue', 2), rec('in', 'C', 'c', 3)],
    outputs: { out: SS },
  },
);
