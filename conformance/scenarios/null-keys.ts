// Null keys and null values through stateful operators: Java skips them (or joins them with null) and never fails
// the task. Java twins: NullKeys.java.
import {
  Consumed,
  Grouped,
  Materialized,
  Produced,
  Serdes,
  SessionWindows,
  TimeWindows,
  longAsNumberSerde,
  sessionWindowedSerde,
  timeWindowedSerde,
} from '@streamkit/kafka-streams';
import { rec, scenarios, SL, SS, sw, tw } from '../support/scenario.js';

const strings = Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });
const toStrings = Produced.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });
const toLongs = Produced.with({ keySerde: Serdes.String(), valueSerde: longAsNumberSerde() });
const show = (v: string | null) => v ?? 'null';

export default scenarios(
  {
    id: 'table-source-null-key',
    description: 'builder.table() with a null-key record: skipped',
    build: (b) => {
      b.table('t', strings, Materialized.as('t-store')).toStream().to('out', toStrings);
    },
    steps: [rec('t', 'A', 'a', 1), rec('t', null, 'n', 2), rec('t', 'B', 'b', 3)],
    outputs: { out: SS },
    stores: [{ name: 't-store', kind: 'kv' }],
  },
  {
    id: 'stream-to-table-null-key',
    description: 'KStream.toTable() with a null-key record',
    build: (b) => {
      b.stream('in', strings).toTable().toStream().to('out', toStrings);
    },
    steps: [rec('in', 'A', 'a', 1), rec('in', null, 'n', 2), rec('in', 'B', 'b', 3)],
    outputs: { out: SS },
  },
  {
    id: 'group-by-null-key',
    description: 'KStream.groupBy selecting a null key for some records, then count',
    build: (b) => {
      b.stream('in', strings)
        .groupBy(
          (_k, v) => (v === 'none' ? (null as unknown as string) : v),
          Grouped.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() }),
        )
        .count()
        .toStream()
        .to('out', toLongs);
    },
    steps: [rec('in', 'A', 'x', 1), rec('in', 'B', 'none', 2), rec('in', 'C', 'x', 3)],
    outputs: { out: SL },
  },
  {
    id: 'table-group-by-null-key',
    description: 'KTable.groupBy selecting a null key for some rows, then count',
    build: (b) => {
      b.table('t', strings)
        .groupBy(
          (k, v) => ({ key: v === 'none' ? (null as unknown as string) : v, value: k }),
          Grouped.with({ name: 'g', keySerde: Serdes.String(), valueSerde: Serdes.String() }),
        )
        .count()
        .toStream()
        .to('out', toLongs);
    },
    steps: [rec('t', 'A', 'x', 1), rec('t', 'B', 'none', 2), rec('t', 'A', 'none', 3), rec('t', 'B', 'x', 4)],
    outputs: { out: SL },
  },
  {
    id: 'windowed-count-nulls',
    description: 'windowed count with null keys and null values',
    build: (b) =>
      b
        .stream('in', strings)
        .groupByKey()
        .windowedBy(TimeWindows.ofSizeWithNoGrace(10))
        .count()
        .toStream()
        .to(
          'out',
          Produced.with({ keySerde: timeWindowedSerde(Serdes.String(), 10), valueSerde: longAsNumberSerde() }),
        ),
    steps: [rec('in', 'A', 'a', 1), rec('in', null, 'b', 2), rec('in', 'A', null, 3), rec('in', 'A', 'c', 4)],
    outputs: { out: tw(10) },
  },
  {
    id: 'session-count-nulls',
    description: 'session count with null keys and null values',
    build: (b) =>
      b
        .stream('in', strings)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(10))
        .count()
        .toStream()
        .to('out', Produced.with({ keySerde: sessionWindowedSerde(Serdes.String()), valueSerde: longAsNumberSerde() })),
    steps: [rec('in', 'A', 'a', 1), rec('in', null, 'b', 2), rec('in', 'B', null, 3), rec('in', 'C', 'c', 4)],
    outputs: { out: sw() },
  },
  {
    id: 'global-table-null-mapped-key',
    description: 'stream-globalTable joins where the key mapper returns null',
    build: (b) => {
      const g = b.globalTable('g', strings);
      const s = b.stream('in', strings);
      s.join(
        g,
        (_k, v) => (v === 'none' ? null : v),
        (v, gv) => `${v}:${gv}`,
      ).to('inner', toStrings);
      s.leftJoin(
        g,
        (_k, v) => (v === 'none' ? null : v),
        (v, gv) => `${v}:${show(gv)}`,
      ).to('left', toStrings);
    },
    steps: [rec('g', 'x', 'X', 1), rec('in', 'A', 'x', 2), rec('in', 'B', 'none', 3), rec('in', 'C', 'y', 4)],
    outputs: { inner: SS, left: SS },
  },
  {
    id: 'table-join-null-key',
    description: 'table-table join with a null-key record on one side',
    build: (b) => {
      b.table('left', strings)
        .join(b.table('right', strings), (l, r) => `${l}+${r}`)
        .toStream()
        .to('out', toStrings);
    },
    steps: [rec('left', 'A', 'a', 1), rec('right', null, 'n', 2), rec('right', 'A', 'x', 3), rec('left', null, 'm', 4)],
    outputs: { out: SS },
  },
);
