// Generated scenarios: a few topologies (Java twins: Generated.java) fed random record sequences by fast-check
// (fixed seed). Each family's generator keeps away from the known differences it would otherwise hit all the time,
// and says how (see `constraint`), so a failure is a new difference.
import fc from 'fast-check';
import {
  Consumed,
  Grouped,
  Joined,
  JoinWindows,
  SessionWindows,
  SlidingWindows,
  Materialized,
  Stores,
  Produced,
  Serdes,
  TimeWindows,
  longAsNumberSerde,
  sessionWindowedSerde,
  timeWindowedSerde,
} from '@streamkit/kafka-streams';
import { rec, SL, SS, sw, tw, type InputStep, type KnownDifference, type Scenario } from '../support/scenario.js';

export interface GeneratedFamily {
  /** The topology (no steps: the generator makes them). */
  readonly scenario: Omit<Scenario, 'steps'>;
  readonly steps: fc.Arbitrary<InputStep[]>;
  /** How the generator avoids known differences. */
  readonly constraint: string;
  /** A wall-clock second passes before each record (Java throttles emitting unpaired join records to 1/s). */
  readonly paced?: boolean;
  /** Timestamps are not compared in this family because of this known difference. */
  readonly ignoreTimestamps?: KnownDifference;
}

const strings = Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });
const toStrings = Produced.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });
const show = (v: string | null) => v ?? 'null';

const key = fc.oneof(
  { weight: 9, arbitrary: fc.constantFrom('A', 'B', 'C') },
  { weight: 1, arbitrary: fc.constant(null) },
);
const value = fc.oneof(
  { weight: 9, arbitrary: fc.constantFrom('a', 'b', 'c') },
  { weight: 1, arbitrary: fc.constant(null) },
);
const nonNullKey = fc.constantFrom('A', 'B', 'C');

/** Records on `topics` with timestamps in any order (0..60 ms). */
function anyOrder(topics: readonly string[], keys: fc.Arbitrary<string | null>, maxLength = 25) {
  return fc
    .array(fc.record({ topic: fc.constantFrom(...topics), key: keys, value, timestamp: fc.nat(60) }), {
      minLength: 1,
      maxLength,
    })
    .map((records) => records.map((r) => rec(r.topic, r.key, r.value, r.timestamp)));
}

export const families: readonly GeneratedFamily[] = [
  {
    scenario: {
      id: 'gen-count-by-key',
      description: 'groupByKey().count() and its store',
      build: (b) => {
        b.stream('in', strings)
          .groupByKey()
          .count(Materialized.as('counts'))
          .toStream()
          .to('out', Produced.with({ keySerde: Serdes.String(), valueSerde: longAsNumberSerde() }));
      },
      outputs: { out: SL },
      stores: [{ name: 'counts', kind: 'kv' }],
    },
    steps: fc
      .array(fc.record({ key, value, timestamp: fc.nat(60) }), { minLength: 1, maxLength: 25 })
      .map((rs) => rs.map((r) => rec('in', r.key, r.value, r.timestamp))),
    constraint: 'none: any timestamp order, null keys and values included',
  },
  {
    scenario: {
      id: 'gen-tumbling-count',
      description: 'tumbling windows of 10, grace 5: count, any timestamp order (late records dropped)',
      build: (b) =>
        b
          .stream('in', strings)
          .groupByKey()
          .windowedBy(TimeWindows.ofSizeAndGrace(10, 5))
          .count()
          .toStream()
          .to(
            'out',
            Produced.with({ keySerde: timeWindowedSerde(Serdes.String(), 10), valueSerde: longAsNumberSerde() }),
          ),
      outputs: { out: tw(10) },
    },
    steps: fc
      .array(fc.record({ key: nonNullKey, value: fc.constantFrom('a', 'b', null), timestamp: fc.nat(60) }), {
        minLength: 1,
        maxLength: 25,
      })
      .map((rs) => rs.map((r) => rec('in', r.key, r.value, r.timestamp))),
    constraint: 'none (null values included: windowed counts count them)',
  },
  {
    scenario: {
      id: 'gen-sliding-count',
      description: 'sliding windows, difference 10, grace 5: count, any timestamp order',
      build: (b) =>
        b
          .stream('in', strings)
          .groupByKey()
          .windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(10, 5))
          // In memory, as the Java harness's stores are.
          .count(Materialized.as<string, number>('gen-sliding').withInMemory())
          .toStream()
          .to(
            'out',
            Produced.with({ keySerde: timeWindowedSerde(Serdes.String(), 10), valueSerde: longAsNumberSerde() }),
          ),
      outputs: { out: tw(10) },
    },
    steps: fc
      .array(fc.record({ key: fc.constantFrom('A', 'B'), timestamp: fc.nat(50) }), { minLength: 1, maxLength: 20 })
      .map((rs) => rs.map((r) => rec('in', r.key, 'v', r.timestamp))),
    constraint: 'none',
  },
  {
    scenario: {
      id: 'gen-session-count',
      description: 'session windows, gap 5, grace 3: count, any timestamp order (merges, late records)',
      build: (b) =>
        b
          .stream('in', strings)
          .groupByKey()
          .windowedBy(SessionWindows.ofInactivityGapAndGrace(5, 3))
          .count()
          .toStream()
          .to(
            'out',
            Produced.with({ keySerde: sessionWindowedSerde(Serdes.String()), valueSerde: longAsNumberSerde() }),
          ),
      outputs: { out: sw() },
    },
    steps: fc
      .array(fc.record({ key: nonNullKey, value: fc.constantFrom('v', null), timestamp: fc.nat(40) }), {
        minLength: 1,
        maxLength: 20,
      })
      .map((rs) => rs.map((r) => rec('in', r.key, r.value, r.timestamp))),
    constraint: 'none (null values included: session counts count them)',
  },
  {
    scenario: {
      id: 'gen-table-left-join',
      description: 'table-table left join with updates and deletes on both sides',
      build: (b) => {
        b.table('left', strings)
          .leftJoin(b.table('right', strings), (l, r) => `${l}+${show(r)}`)
          .toStream()
          .to('out', toStrings);
      },
      outputs: { out: SS },
    },
    steps: anyOrder(['left', 'right'], nonNullKey),
    constraint: 'no null keys',
  },
  {
    scenario: {
      id: 'gen-grouped-table-count',
      description: 'KTable.groupBy(value).count(): rows moving between groups, deletes',
      build: (b) => {
        b.table('t', strings)
          .groupBy(
            (k, v) => ({ key: v, value: k }),
            Grouped.with({ name: 'g', keySerde: Serdes.String(), valueSerde: Serdes.String() }),
          )
          .count(Materialized.as('groups'))
          .toStream()
          .to('out', Produced.with({ keySerde: Serdes.String(), valueSerde: longAsNumberSerde() }));
      },
      outputs: { out: SL },
      stores: [{ name: 'groups', kind: 'kv' }],
    },
    steps: anyOrder(['t'], nonNullKey),
    constraint: 'no null keys',
  },
  {
    scenario: {
      id: 'gen-stream-inner-join',
      description: 'stream-stream inner join, difference 10, grace 5',
      build: (b) =>
        b
          .stream('left', strings)
          .join(
            b.stream('right', strings),
            (l, r) => `${show(l)}+${show(r)}`,
            JoinWindows.ofTimeDifferenceAndGrace(10, 5),
          )
          .to('out', toStrings),
      outputs: { out: SS },
    },
    // Out of order by at most the grace: no record is late and no partner's window has closed (README difference).
    steps: fc
      .array(fc.record({ topic: fc.constantFrom('left', 'right'), key, value, delta: fc.nat(8), back: fc.nat(5) }), {
        minLength: 1,
        maxLength: 25,
      })
      .map((records) => {
        let t = 5;
        return records.map((r) => rec(r.topic, r.key, r.value, (t += r.delta) - r.back));
      }),
    constraint: 'records at most 5 ms (the grace) behind the newest (join-closed-window difference)',
  },
  {
    scenario: {
      id: 'gen-stream-outer-join',
      description: 'stream-stream outer join, difference 10, grace 5: pairs, unpaired records of both sides, late ones',
      build: (b) =>
        b
          .stream('left', strings)
          .outerJoin(
            b.stream('right', strings),
            (l, r) => `${show(l)}+${show(r)}`,
            JoinWindows.ofTimeDifferenceAndGrace(10, 5),
          )
          .to('out', toStrings),
      outputs: { out: SS },
    },
    // Out of order by at most the grace, so no partner's window has closed (README difference), but a record's own
    // window may have ended: such records are emitted with null at once, as Java's are.
    steps: fc
      .array(fc.record({ topic: fc.constantFrom('left', 'right'), key, value, delta: fc.nat(12), back: fc.nat(5) }), {
        minLength: 1,
        maxLength: 25,
      })
      .map((records) => {
        let t = 5;
        return records.map((r) => rec(r.topic, r.key, r.value, (t += r.delta) - r.back));
      }),
    constraint: 'records at most 5 ms (the grace) behind the newest (join-closed-window difference)',
  },
  {
    scenario: {
      id: 'gen-versioned-table',
      description:
        'a versioned table (history retention 20): puts and tombstones in any order, its store read as of every 5 ms',
      build: (b) => {
        b.table('t', strings, Materialized.as(Stores.persistentVersionedKeyValueStore('vt', 20)))
          .toStream()
          .to('out', toStrings);
      },
      outputs: { out: SS },
      stores: [
        {
          name: 'vt',
          kind: 'versioned',
          keys: ['A', 'B', 'C'],
          asOf: Array.from({ length: 13 }, (_, i) => i * 5),
        },
      ],
    },
    steps: anyOrder(['t'], key),
    constraint: 'none: any timestamp order, null keys and values included',
  },
  {
    scenario: {
      id: 'gen-versioned-stream-join-grace',
      description:
        'stream leftJoin a versioned table (retention 20) with a grace period of 5: as-of lookups, buffering',
      build: (b) => {
        const table = b.table('t', strings, Materialized.as(Stores.persistentVersionedKeyValueStore('vt', 20)));
        b.stream('s', strings)
          .leftJoin(
            table,
            (v, tv) => `${v}+${show(tv)}`,
            Joined.with(Serdes.String(), Serdes.String(), Serdes.String()).withGracePeriod(5),
          )
          .to('out', toStrings);
      },
      outputs: { out: SS },
    },
    // A left join's null key fails the task in Java's buffer (as here); null keys would end most runs early.
    steps: anyOrder(['s', 't'], nonNullKey),
    constraint: "no null keys (Java's grace buffer rejects them: the task fails, on both sides)",
  },
];
