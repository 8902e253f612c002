// Session windows: merging, grace, late records, suppress. Java twins: Sessions.java.
import {
  Consumed,
  Materialized,
  Produced,
  Serdes,
  SessionWindows,
  Suppressed,
  longAsNumberSerde,
  sessionWindowedSerde,
} from '@streamkit/kafka-streams';
import { rec, scenarios, sw, type Scenario } from '../support/scenario.js';
import { sessionRetention } from './differences.js';

const strings = Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });
const sessionLongs = Produced.with({
  keySerde: sessionWindowedSerde(Serdes.String()),
  valueSerde: longAsNumberSerde(),
});

export default scenarios(
  {
    id: 'session-window-late',
    description: 'gap 10, no grace: A@0, B@5, A@3 — A@3 falls into the open session [0,0] and merges with it',
    build: (b) =>
      b
        .stream('in', strings)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(10))
        .count(Materialized.as('sessions'))
        .toStream()
        .to('out', sessionLongs),
    steps: [rec('in', 'A', 'a', 0), rec('in', 'B', 'b', 5), rec('in', 'A', 'c', 3)],
    outputs: { out: sw() },
    stores: [{ name: 'sessions', kind: 'session', keys: ['A', 'B'] }],
  },
  {
    id: 'session-merge',
    description: 'a record bridging two sessions merges them: tombstones for both, then the merged session',
    build: (b) =>
      b
        .stream('in', strings)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(10, 100))
        .count(Materialized.as('sessions'))
        .toStream()
        .to('out', sessionLongs),
    steps: [
      rec('in', 'A', 'a', 0),
      rec('in', 'A', 'b', 20),
      rec('in', 'A', 'c', 10),
      rec('in', 'A', 'd', 35),
      rec('in', 'A', 'e', 45),
    ],
    outputs: { out: sw() },
    stores: [{ name: 'sessions', kind: 'session', keys: ['A'] }],
  },
  {
    id: 'session-grace-late',
    description: 'gap 5, grace 10: records within grace extend or create sessions, later ones are dropped',
    build: (b) =>
      b
        .stream('in', strings)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(5, 10))
        .count()
        .toStream()
        .to('out', sessionLongs),
    steps: [
      rec('in', 'A', 'a', 100),
      rec('in', 'A', 'b', 120),
      rec('in', 'A', 'c', 103), // session [100,100] ends 100 + gap 5 + grace 10 = 115 < 120: closed
      rec('in', 'A', 'd', 112),
      rec('in', 'A', 'e', 90),
    ],
    outputs: { out: sw() },
  },
  {
    id: 'session-suppress',
    description: 'count().suppress(untilWindowCloses) with gap 10, grace 0: A@0 A@5 B@100 B@200 C@1000',
    build: (b) =>
      b
        .stream('in', strings)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(10, 0))
        .count()
        .suppress(Suppressed.untilWindowCloses())
        .toStream()
        .to('out', sessionLongs),
    steps: [
      rec('in', 'A', 'a', 0),
      rec('in', 'A', 'b', 5),
      rec('in', 'B', 'c', 100),
      rec('in', 'B', 'd', 200),
      rec('in', 'C', 'e', 1000),
    ],
    outputs: { out: sw() },
  },
  {
    id: 'session-aggregate',
    description: 'session aggregate concatenating values, merger joining both sides',
    build: (b) =>
      b
        .stream('in', strings)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(10, 50))
        .aggregate(
          () => '',
          (_k, v, agg) => `${agg}${v}`,
          (_k, left, right) => `${left}|${right}`,
          Materialized.as<string, string>('agg').withValueSerde(Serdes.String()),
        )
        .toStream()
        .to('out', Produced.with({ keySerde: sessionWindowedSerde(Serdes.String()), valueSerde: Serdes.String() })),
    steps: [
      rec('in', 'A', 'a', 0),
      rec('in', 'A', 'b', 5),
      rec('in', 'A', 'c', 30),
      rec('in', 'A', 'd', 20),
      rec('in', 'B', 'e', 21),
    ],
    outputs: { out: sw('string') },
    stores: [{ name: 'agg', kind: 'session', keys: ['A', 'B'] }],
  },
  {
    id: 'session-new-sessions',
    description: 'gap 10, grace 20: records far apart open new sessions per key; a late one is dropped',
    build: (b) =>
      b
        .stream('in', strings)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(10, 20))
        .count(Materialized.as('sessions'))
        .toStream()
        .to('out', sessionLongs),
    steps: [
      rec('in', 'A', 'a', 0),
      rec('in', 'B', 'b', 5),
      rec('in', 'A', 'c', 30),
      rec('in', 'B', 'd', 60),
      rec('in', 'A', 'e', 15),
      rec('in', 'C', 'f', 20),
    ],
    outputs: { out: sw() },
    stores: [{ name: 'sessions', kind: 'session', keys: ['A', 'B', 'C'] }],
    knownDifference: sessionRetention,
  },
  {
    id: 'session-new-sessions-output',
    description: 'the same records as session-new-sessions, outputs only (no store query)',
    build: (b) =>
      b
        .stream('in', strings)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(10, 20))
        .count()
        .toStream()
        .to('out', sessionLongs),
    steps: [
      rec('in', 'A', 'a', 0),
      rec('in', 'B', 'b', 5),
      rec('in', 'A', 'c', 30),
      rec('in', 'B', 'd', 60),
      rec('in', 'A', 'e', 15),
      rec('in', 'C', 'f', 20),
    ],
    outputs: { out: sw() },
  },
  {
    id: 'session-same-window',
    description:
      'records inside an existing session: Java tombstones the session unless the record is its only instant',
    build: (b) =>
      b
        .stream('in', strings)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(10, 100))
        .count()
        .toStream()
        .to('out', sessionLongs),
    steps: [
      rec('in', 'A', 'a', 11),
      rec('in', 'A', 'b', 11),
      rec('in', 'B', 'c', 0),
      rec('in', 'B', 'd', 10),
      rec('in', 'B', 'e', 5),
    ],
    outputs: { out: sw() },
  },
  {
    id: 'session-bridge-expired',
    description:
      'gap 10, no grace: A@0, A@20, A@10 — A[0,0] has expired (end + gap + grace <= stream time), so A@10 only joins A[20,20]',
    build: (b) =>
      b
        .stream('in', strings)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(10))
        .count()
        .toStream()
        .to('out', sessionLongs),
    steps: [rec('in', 'A', 'a', 0), rec('in', 'A', 'b', 20), rec('in', 'A', 'c', 10)],
    outputs: { out: sw() },
  },
  {
    id: 'session-keys-store',
    description: 'sessions of three keys, records far apart (no merges), with the session store',
    build: (b) =>
      b
        .stream('in', strings)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(5, 100))
        .aggregate(
          () => '',
          (_k, v, agg) => `${agg}${v}`,
          (_k, l, r) => `${l}${r}`,
          Materialized.as<string, string>('s').withValueSerde(Serdes.String()),
        )
        .toStream()
        .to('out', Produced.with({ keySerde: sessionWindowedSerde(Serdes.String()), valueSerde: Serdes.String() })),
    steps: [
      rec('in', 'A', 'a', 0),
      rec('in', 'B', 'b', 1),
      rec('in', 'C', 'c', 2),
      rec('in', 'A', 'd', 20),
      rec('in', 'B', 'e', 40),
    ],
    outputs: { out: sw('string') },
    stores: [{ name: 's', kind: 'session', keys: ['A', 'B', 'C'] }],
  },
  {
    id: 'session-merge-three',
    description: 'one record bridging three sessions (gap 5)',
    build: (b) =>
      b
        .stream('in', strings)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(5, 100))
        .count()
        .toStream()
        .to('out', sessionLongs),
    steps: [
      rec('in', 'A', 'a', 0),
      rec('in', 'A', 'b', 10),
      rec('in', 'A', 'c', 20),
      rec('in', 'A', 'd', 5),
      rec('in', 'A', 'e', 15),
    ],
    outputs: { out: sw() },
  },
  {
    id: 'session-long-retention',
    description: 'gap 10, no grace, store retention 1000: A@0, B@10, A@8 — can A@8 still join A[0,0]?',
    build: (b) =>
      b
        .stream('in', strings)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(10))
        .count(Materialized.as<string, number>('long').withRetention(1000))
        .toStream()
        .to('out', sessionLongs),
    steps: [rec('in', 'A', 'a', 0), rec('in', 'B', 'b', 10), rec('in', 'A', 'c', 8)],
    outputs: { out: sw() },
  },
  sessionReduce(
    'session-reduce',
    'gap 10, no grace, reduce: values concatenated, sessions merged by a bridging record',
    [
      rec('in', 'A', 'a', 0),
      rec('in', 'A', 'b', 15),
      rec('in', 'B', 'x', 4),
      rec('in', 'A', 'c', 8), // merges with [15,15]; [0,0] has expired (end 0 <= 15 - gap)
      rec('in', 'A', 'd', 40),
      rec('in', 'A', 'e', 2), // late: [0,15] closed at 40
      rec('in', 'B', 'y', 45),
    ],
  ),
  sessionReduce('session-reduce-nulls', 'gap 10, no grace, reduce with null values: a null first value, then others', [
    rec('in', 'A', null, 0),
    rec('in', 'A', 'b', 5),
    rec('in', 'B', 'x', 1),
    rec('in', 'B', null, 3),
    rec('in', 'A', 'c', 30),
  ]),
);

function sessionReduce(id: string, description: string, steps: Scenario['steps']): Scenario {
  return {
    id,
    description,
    build: (b) =>
      b
        .stream('in', strings)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(10))
        .reduce((aggregate, value) => `${aggregate}+${value ?? 'null'}`, Materialized.as('reduced'))
        .toStream()
        .to('out', Produced.with({ keySerde: sessionWindowedSerde(Serdes.String()), valueSerde: Serdes.String() })),
    steps,
    outputs: { out: sw('string') },
    stores: [{ name: 'reduced', kind: 'session', keys: ['A', 'B'] }],
  };
}
