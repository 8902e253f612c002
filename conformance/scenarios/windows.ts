// Tumbling, hopping and sliding windows: grace, out-of-order and late records, suppress. Java twins: Windows.java.
import {
  BufferConfig,
  Consumed,
  EmitStrategy,
  Materialized,
  Produced,
  Serdes,
  SlidingWindows,
  Suppressed,
  TimeWindows,
  longAsNumberSerde,
  timeWindowedSerde,
  type KTable,
  type Windowed,
} from '@streamkit/kafka-streams';
import { advance, rec, scenarios, tw, type Step } from '../support/scenario.js';
import { emitOnCloseInMemoryExpiry, slidingSuppressClose } from './differences.js';

const strings = Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });
const windowedLongs = (size: number) =>
  Produced.with({ keySerde: timeWindowedSerde(Serdes.String(), size), valueSerde: longAsNumberSerde() });
const emit = (table: KTable<Windowed<string>, number>, topic: string, size: number) =>
  table.toStream().to(topic, windowedLongs(size));

/** A wall-clock second before each record: Java throttles its scan for closed windows to once per second. */
const paced = (...steps: Step[]): Step[] => steps.flatMap((s) => [advance(1000), s]);
const onClose = EmitStrategy.onWindowClose();

/** Records for emit-on-window-close: windows closing one by one, a late record, two keys. */
const closingSteps: Step[] = [
  rec('in', 'A', 'a', 1),
  rec('in', 'A', 'b', 5),
  rec('in', 'B', 'c', 8),
  rec('in', 'A', 'd', 12),
  rec('in', 'A', 'e', 3), // still within grace for [0, 10)
  rec('in', 'B', 'f', 16), // close time 11: [0, 10) closes
  rec('in', 'A', 'g', 2), // late
  rec('in', 'B', 'h', 24),
  rec('in', 'A', 'i', 40), // closes [10, 20) and [20, 30)
];

export default scenarios(
  {
    id: 'tumbling-count-grace',
    description: 'tumbling windows of 10 with grace 5: out-of-order records within grace count, later ones are dropped',
    build: (b) =>
      emit(b.stream('in', strings).groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(10, 5)).count(), 'out', 10),
    steps: [
      rec('in', 'A', 'a', 12),
      rec('in', 'A', 'b', 7), // stream time 12 < 10 + 5: [0, 10) still open
      rec('in', 'A', 'c', 13),
      rec('in', 'B', 'd', 15), // stream time 15 closes [0, 10)
      rec('in', 'A', 'e', 3), // late
      rec('in', 'B', 'f', 9), // late
      rec('in', 'A', 'g', 19),
    ],
    outputs: { out: tw(10) },
  },
  {
    id: 'tumbling-out-of-order',
    description: 'an out-of-order record updates a window holding a newer one: the timestamp of the result',
    build: (b) =>
      emit(b.stream('in', strings).groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(10, 5)).count(), 'out', 10),
    steps: [rec('in', 'A', 'a', 0), rec('in', 'A', 'b', 9), rec('in', 'A', 'c', 7)],
    outputs: { out: tw(10) },
  },
  {
    id: 'tumbling-no-grace',
    description: 'tumbling windows with no grace: a record for a window that ended is late, even by 1 ms',
    build: (b) =>
      emit(b.stream('in', strings).groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(10)).count(), 'out', 10),
    steps: [
      rec('in', 'A', 'a', 5),
      rec('in', 'A', 'b', 10),
      rec('in', 'A', 'c', 9),
      rec('in', 'A', 'd', 10),
      rec('in', 'B', 'e', 0),
    ],
    outputs: { out: tw(10) },
  },
  {
    id: 'hopping-count',
    description: 'hopping windows (size 10, advance 5, grace 2): each record counts in two windows; out of order',
    build: (b) =>
      emit(
        b.stream('in', strings).groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(10, 2).advanceBy(5)).count(),
        'out',
        10,
      ),
    steps: [
      rec('in', 'A', 'a', 3),
      rec('in', 'A', 'b', 7),
      rec('in', 'A', 'c', 16),
      rec('in', 'A', 'd', 9),
      rec('in', 'A', 'e', 4),
    ],
    outputs: { out: tw(10) },
  },
  {
    id: 'tumbling-suppress',
    description: 'suppress(untilWindowCloses): one final count per window once stream time passes end + grace',
    build: (b) =>
      emit(
        b
          .stream('in', strings)
          .groupByKey()
          .windowedBy(TimeWindows.ofSizeAndGrace(10, 5))
          .count()
          .suppress(Suppressed.untilWindowCloses()),
        'out',
        10,
      ),
    steps: [
      rec('in', 'A', 'a', 1),
      rec('in', 'B', 'b', 2),
      rec('in', 'A', 'c', 12),
      rec('in', 'A', 'd', 14),
      rec('in', 'A', 'e', 15), // end 10 + grace 5
      rec('in', 'A', 'f', 29),
      rec('in', 'C', 'g', 30),
    ],
    outputs: { out: tw(10) },
  },
  {
    id: 'hopping-suppress',
    description: 'hopping windows, suppressed to final results',
    build: (b) =>
      emit(
        b
          .stream('in', strings)
          .groupByKey()
          .windowedBy(TimeWindows.ofSizeWithNoGrace(10).advanceBy(5))
          .count()
          .suppress(Suppressed.untilWindowCloses()),
        'out',
        10,
      ),
    steps: [
      rec('in', 'A', 'a', 1),
      rec('in', 'A', 'b', 6),
      rec('in', 'A', 'c', 11),
      rec('in', 'A', 'd', 25),
      rec('in', 'A', 'e', 40),
    ],
    outputs: { out: tw(10) },
  },
  {
    id: 'tumbling-store',
    description: 'the window store after out-of-order records (window store contents compared)',
    build: (b) =>
      emit(
        b
          .stream('in', strings)
          .groupByKey()
          .windowedBy(TimeWindows.ofSizeAndGrace(10, 100))
          .count(Materialized.as<string, number>('windows').withRetention(1000)),
        'out',
        10,
      ),
    steps: [rec('in', 'A', 'a', 1), rec('in', 'B', 'b', 25), rec('in', 'A', 'c', 11), rec('in', 'A', 'd', 2)],
    outputs: { out: tw(10) },
    stores: [{ name: 'windows', kind: 'window' }],
  },
  {
    id: 'tumbling-reduce',
    description: 'windowed reduce concatenating values',
    build: (b) =>
      b
        .stream('in', strings)
        .groupByKey()
        .windowedBy(TimeWindows.ofSizeAndGrace(10, 0))
        .reduce((agg, v) => `${agg}${v}`)
        .toStream()
        .to('out', Produced.with({ keySerde: timeWindowedSerde(Serdes.String(), 10), valueSerde: Serdes.String() })),
    steps: [
      rec('in', 'A', 'a', 1),
      rec('in', 'A', 'b', 5),
      rec('in', 'A', 'c', 10),
      rec('in', 'A', 'd', 8),
      rec('in', 'A', 'e', 19),
    ],
    outputs: { out: tw(10, 'string') },
  },
  {
    id: 'filter-before-window',
    description:
      'a filter before a windowed count drops a record with a high timestamp; does it close windows downstream?',
    build: (b) =>
      emit(
        b
          .stream('in', strings)
          .filter((_k, v) => v !== 'drop')
          .groupByKey()
          .windowedBy(TimeWindows.ofSizeWithNoGrace(10))
          .count(),
        'out',
        10,
      ),
    steps: [rec('in', 'A', 'a', 1), rec('in', 'A', 'drop', 100), rec('in', 'A', 'b', 2)],
    outputs: { out: tw(10) },
  },
  {
    id: 'sliding-count',
    description: 'sliding windows (difference 10, grace 5): left and right windows, out-of-order records',
    build: (b) =>
      emit(
        b.stream('in', strings).groupByKey().windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(10, 5)).count(),
        'out',
        10,
      ),
    steps: [
      rec('in', 'A', 'a', 10),
      rec('in', 'A', 'b', 15),
      rec('in', 'A', 'c', 12),
      rec('in', 'A', 'd', 30),
      rec('in', 'A', 'e', 21),
    ],
    outputs: { out: tw(10) },
  },
  {
    id: 'sliding-in-order',
    description:
      'sliding windows (difference 10, grace 5) with in-order records, each updating at most one older window',
    build: (b) =>
      emit(
        b.stream('in', strings).groupByKey().windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(10, 5)).count(),
        'out',
        10,
      ),
    steps: [
      rec('in', 'A', 'a', 10),
      rec('in', 'A', 'b', 15),
      rec('in', 'A', 'c', 30),
      rec('in', 'B', 'd', 31),
      rec('in', 'A', 'e', 45),
    ],
    outputs: { out: tw(10) },
  },
  {
    id: 'sliding-suppress',
    description: 'sliding windows suppressed to final results',
    build: (b) =>
      emit(
        b
          .stream('in', strings)
          .groupByKey()
          .windowedBy(SlidingWindows.ofTimeDifferenceWithNoGrace(10))
          .count()
          .suppress(Suppressed.untilWindowCloses()),
        'out',
        10,
      ),
    steps: [rec('in', 'A', 'a', 10), rec('in', 'A', 'b', 15), rec('in', 'A', 'c', 40), rec('in', 'A', 'd', 80)],
    outputs: { out: tw(10) },
    knownDifference: slidingSuppressClose,
  },
  {
    id: 'sliding-early-records',
    description: 'sliding windows with records before the first difference (t < 10 share the window [0, 10])',
    build: (b) =>
      emit(
        b.stream('in', strings).groupByKey().windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(10, 20)).count(),
        'out',
        10,
      ),
    steps: [rec('in', 'A', 'a', 2), rec('in', 'A', 'b', 5), rec('in', 'A', 'c', 0), rec('in', 'A', 'd', 11)],
    outputs: { out: tw(10) },
  },
  {
    id: 'hopping-late-keys',
    description: 'hopping windows (size 20, advance 5, grace 3) over several keys, with late records',
    build: (b) =>
      emit(
        b.stream('in', strings).groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(20, 3).advanceBy(5)).count(),
        'out',
        20,
      ),
    steps: [
      rec('in', 'A', 'a', 2),
      rec('in', 'B', 'b', 8),
      rec('in', 'A', 'c', 21),
      rec('in', 'B', 'd', 4),
      rec('in', 'C', 'e', 27),
      rec('in', 'A', 'f', 3),
    ],
    outputs: { out: tw(20) },
  },
  {
    id: 'tumbling-aggregate-store',
    description: 'windowed aggregate (concatenation, in-order records) and its window store',
    build: (b) =>
      b
        .stream('in', strings)
        .groupByKey()
        .windowedBy(TimeWindows.ofSizeAndGrace(10, 10))
        .aggregate(
          () => '',
          (_k, v, agg) => `${agg}${v}`,
          Materialized.as<string, string>('concat').withValueSerde(Serdes.String()),
        )
        .toStream()
        .to('out', Produced.with({ keySerde: timeWindowedSerde(Serdes.String(), 10), valueSerde: Serdes.String() })),
    steps: [
      rec('in', 'A', 'a', 1),
      rec('in', 'B', 'b', 4),
      rec('in', 'A', 'c', 9),
      rec('in', 'A', 'd', 10),
      rec('in', 'B', 'e', 19),
    ],
    outputs: { out: tw(10, 'string') },
    stores: [{ name: 'concat', kind: 'window' }],
  },
  {
    id: 'tumbling-suppress-keys',
    description: 'suppress: several keys closing at once (emission order), then a late record for a closed window',
    build: (b) =>
      emit(
        b
          .stream('in', strings)
          .groupByKey()
          .windowedBy(TimeWindows.ofSizeAndGrace(10, 2))
          .count()
          .suppress(Suppressed.untilWindowCloses()),
        'out',
        10,
      ),
    steps: [
      rec('in', 'C', 'a', 5),
      rec('in', 'A', 'b', 1),
      rec('in', 'B', 'c', 9),
      rec('in', 'A', 'd', 3),
      rec('in', 'D', 'e', 12),
      rec('in', 'C', 'f', 25),
      rec('in', 'A', 'g', 4),
      rec('in', 'D', 'h', 40),
    ],
    outputs: { out: tw(10) },
  },
  {
    id: 'sliding-reduce-late',
    description: 'sliding windowed reduce (difference 5, grace 2), in-order records then a late one',
    build: (b) =>
      b
        .stream('in', strings)
        .groupByKey()
        .windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(5, 2))
        .reduce((agg, v) => `${agg}${v}`)
        .toStream()
        .to('out', Produced.with({ keySerde: timeWindowedSerde(Serdes.String(), 5), valueSerde: Serdes.String() })),
    steps: [
      rec('in', 'A', 'a', 10),
      rec('in', 'A', 'b', 13),
      rec('in', 'A', 'c', 20),
      rec('in', 'A', 'd', 9),
      rec('in', 'A', 'e', 24),
    ],
    outputs: { out: tw(5, 'string') },
  },
  {
    id: 'count-then-filter',
    description: 'a windowed count filtered on the table side (count >= 2) and mapped to strings',
    build: (b) =>
      b
        .stream('in', strings)
        .groupByKey()
        .windowedBy(TimeWindows.ofSizeWithNoGrace(10))
        .count()
        .filter((_k, n) => n >= 2)
        .toStream()
        .to('out', windowedLongs(10)),
    steps: [rec('in', 'A', 'a', 1), rec('in', 'A', 'b', 2), rec('in', 'B', 'c', 3), rec('in', 'A', 'd', 4)],
    outputs: { out: tw(10) },
  },
  {
    id: 'tumbling-store-default-retention',
    description:
      'the window store of a tumbling count without Materialized.withRetention, queried after windows closed',
    build: (b) =>
      emit(
        b.stream('in', strings).groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(10)).count(Materialized.as('w')),
        'out',
        10,
      ),
    steps: [rec('in', 'A', 'a', 1), rec('in', 'A', 'b', 55), rec('in', 'B', 'c', 100)],
    outputs: { out: tw(10) },
    stores: [{ name: 'w', kind: 'window' }],
  },
  {
    id: 'sliding-store',
    description: 'the window store of a sliding count (difference 10, grace 10), in-order records',
    build: (b) =>
      emit(
        b
          .stream('in', strings)
          .groupByKey()
          .windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(10, 10))
          .count(Materialized.as('s')),
        'out',
        10,
      ),
    steps: [rec('in', 'A', 'a', 10), rec('in', 'A', 'b', 15), rec('in', 'A', 'c', 22), rec('in', 'A', 'd', 60)],
    outputs: { out: tw(10) },
    stores: [{ name: 's', kind: 'window' }],
  },
  {
    id: 'sliding-previous-right-window',
    description:
      'sliding windows (10, grace 5): B@36 comes after its left window closed, then B@46 (found by gen-sliding-count, seed 7)',
    build: (b) =>
      emit(
        b.stream('in', strings).groupByKey().windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(10, 5)).count(),
        'out',
        10,
      ),
    steps: [
      rec('in', 'B', 'v', 35),
      rec('in', 'A', 'v', 42),
      rec('in', 'B', 'v', 36),
      rec('in', 'B', 'v', 27),
      rec('in', 'B', 'v', 46),
      rec('in', 'A', 'v', 0),
    ],
    outputs: { out: tw(10) },
  },
  {
    id: 'sliding-store-expiry',
    description: 'sliding windows (10, grace 5): A@24, B@38, B@39, then A@25 (found by gen-sliding-count, seed 11)',
    build: (b) =>
      emit(
        b.stream('in', strings).groupByKey().windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(10, 5)).count(),
        'out',
        10,
      ),
    steps: [
      rec('in', 'A', 'v', 24),
      rec('in', 'B', 'v', 38),
      rec('in', 'B', 'v', 39),
      rec('in', 'A', 'v', 25),
      rec('in', 'A', 'v', 0),
    ],
    outputs: { out: tw(10) },
  },
  {
    id: 'sliding-store-expiry-in-memory',
    description: 'sliding-store-expiry with an in-memory store: A[14,24] has expired as in Java',
    build: (b) =>
      emit(
        b
          .stream('in', strings)
          .groupByKey()
          .windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(10, 5))
          .count(Materialized.as<string, number>('sliding-mem').withInMemory()),
        'out',
        10,
      ),
    steps: [
      rec('in', 'A', 'v', 24),
      rec('in', 'B', 'v', 38),
      rec('in', 'B', 'v', 39),
      rec('in', 'A', 'v', 25),
      rec('in', 'A', 'v', 0),
    ],
    outputs: { out: tw(10) },
  },
  {
    id: 'tumbling-emit-on-close',
    description: 'tumbling windows 10, grace 5, emitStrategy(onWindowClose): each window once, when it closes',
    build: (b) =>
      emit(
        b
          .stream('in', strings)
          .groupByKey()
          .windowedBy(TimeWindows.ofSizeAndGrace(10, 5))
          .emitStrategy(onClose)
          .count(Materialized.as<string, number>('closing').withInMemory()),
        'out',
        10,
      ),
    steps: paced(...closingSteps),
    outputs: { out: tw(10) },
    stores: [{ name: 'closing', kind: 'window' }],
  },
  {
    id: 'tumbling-emit-on-close-wall-clock',
    description: 'emitStrategy(onWindowClose) with the wall clock standing still, then advancing: windows still close',
    build: (b) =>
      emit(
        b
          .stream('in', strings)
          .groupByKey()
          .windowedBy(TimeWindows.ofSizeAndGrace(10, 5))
          .emitStrategy(onClose)
          .count(Materialized.as<string, number>('still').withInMemory()),
        'out',
        10,
      ),
    steps: [...closingSteps.slice(0, 6), advance(999), closingSteps[6]!, advance(1), ...closingSteps.slice(7)],
    outputs: { out: tw(10) },
  },
  {
    id: 'tumbling-emit-on-close-boundary',
    description:
      'emitStrategy(onWindowClose), in-memory store: the close time lands on a window end, then moves on by 1 ms',
    build: (b) =>
      emit(
        b
          .stream('in', strings)
          .groupByKey()
          .windowedBy(TimeWindows.ofSizeAndGrace(10, 5))
          .emitStrategy(onClose)
          .count(Materialized.as<string, number>('boundary').withInMemory()),
        'out',
        10,
      ),
    steps: paced(
      rec('in', 'A', 'a', 1),
      rec('in', 'A', 'b', 15), // close time 10: [0, 10) closes
      rec('in', 'A', 'c', 16), // close time 11: nothing new
      rec('in', 'B', 'd', 17),
      rec('in', 'A', 'e', 26), // close time 21: [10, 20)
    ),
    outputs: { out: tw(10) },
  },
  {
    id: 'hopping-emit-on-close',
    description:
      'hopping windows 10 advancing by 5, no grace, emitStrategy(onWindowClose): Java emits nothing, as its store ' +
      'expires each window (retention size + grace) before it is scanned',
    build: (b) =>
      emit(
        b
          .stream('in', strings)
          .groupByKey()
          .windowedBy(TimeWindows.ofSizeWithNoGrace(10).advanceBy(5))
          .emitStrategy(onClose)
          .count(Materialized.as<string, number>('hopping').withInMemory()),
        'out',
        10,
      ),
    steps: paced(...closingSteps),
    outputs: { out: tw(10) },
  },
  {
    id: 'hopping-emit-on-close-grace',
    description:
      'hopping windows 10 advancing by 5, grace 10, emitStrategy(onWindowClose), persistent store: overlapping windows',
    build: (b) =>
      emit(
        b
          .stream('in', strings)
          .groupByKey()
          .windowedBy(TimeWindows.ofSizeAndGrace(10, 10).advanceBy(5))
          .emitStrategy(onClose)
          .count(),
        'out',
        10,
      ),
    steps: paced(...closingSteps, rec('in', 'B', 'j', 41), rec('in', 'A', 'k', 70)),
    outputs: { out: tw(10) },
    knownDifference: emitOnCloseInMemoryExpiry,
  },
  {
    id: 'tumbling-emit-on-update',
    description: 'emitStrategy(onWindowUpdate): the default, every update',
    build: (b) =>
      emit(
        b
          .stream('in', strings)
          .groupByKey()
          .windowedBy(TimeWindows.ofSizeAndGrace(10, 5))
          .emitStrategy(EmitStrategy.onWindowUpdate())
          .count(),
        'out',
        10,
      ),
    steps: paced(...closingSteps),
    outputs: { out: tw(10) },
  },
  {
    id: 'sliding-emit-on-close',
    description: 'sliding windows 10, grace 5, emitStrategy(onWindowClose): left and right windows, once each',
    build: (b) =>
      emit(
        b
          .stream('in', strings)
          .groupByKey()
          .windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(10, 5))
          .emitStrategy(onClose)
          .count(Materialized.as<string, number>('sliding-closing').withInMemory()),
        'out',
        10,
      ),
    steps: paced(
      rec('in', 'A', 'a', 3), // early record: [0, 10], and no scan (as Java)
      rec('in', 'A', 'b', 12),
      rec('in', 'B', 'c', 15),
      rec('in', 'A', 'd', 14),
      rec('in', 'A', 'e', 30), // close time 25: windows ending before 25 go out
      rec('in', 'B', 'f', 9), // late
      rec('in', 'A', 'g', 60),
    ),
    outputs: { out: tw(10) },
    stores: [{ name: 'sliding-closing', kind: 'window' }],
  },
  {
    id: 'tumbling-suppress-bounded',
    description: 'suppress(untilWindowCloses) bounded to 2 records, shut down when full: closed windows leave in time',
    build: (b) =>
      emit(
        b
          .stream('in', strings)
          .groupByKey()
          .windowedBy(TimeWindows.ofSizeWithNoGrace(10))
          .count()
          .suppress(Suppressed.untilWindowCloses(BufferConfig.maxRecords(2).shutDownWhenFull())),
        'out',
        10,
      ),
    steps: [rec('in', 'A', 'a', 0), rec('in', 'B', 'b', 1), rec('in', 'C', 'c', 15), rec('in', 'D', 'd', 30)],
    outputs: { out: tw(10) },
  },
  {
    id: 'tumbling-suppress-shut-down-when-full',
    description: 'suppress(untilWindowCloses) bounded to 1 record, shut down when full: a second open window fails',
    build: (b) =>
      emit(
        b
          .stream('in', strings)
          .groupByKey()
          .windowedBy(TimeWindows.ofSizeWithNoGrace(10))
          .count()
          .suppress(Suppressed.untilWindowCloses(BufferConfig.maxRecords(1).shutDownWhenFull())),
        'out',
        10,
      ),
    steps: [rec('in', 'A', 'a', 0), rec('in', 'A', 'b', 1), rec('in', 'B', 'c', 2), rec('in', 'C', 'd', 30)],
    outputs: { out: tw(10) },
  },
);
