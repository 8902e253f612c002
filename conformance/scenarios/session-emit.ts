// Session windows with emitStrategy(onWindowClose): each session sent once, when stream time passes its end + gap +
// grace; no updates and no tombstones for sessions merged before. Java twins: SessionEmit.java.
import {
  Consumed,
  EmitStrategy,
  Materialized,
  Produced,
  Serdes,
  SessionWindows,
  longAsNumberSerde,
  sessionWindowedSerde,
} from '@streamkit/kafka-streams';
import { advance, rec, scenarios, sw, type Scenario, type Step } from '../support/scenario.js';

const strings = Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });
const sessionLongs = Produced.with({
  keySerde: sessionWindowedSerde(Serdes.String()),
  valueSerde: longAsNumberSerde(),
});
const sessionStrings = Produced.with({ keySerde: sessionWindowedSerde(Serdes.String()), valueSerde: Serdes.String() });

/** Java scans for closed sessions at most once per wall-clock second: a second passes before each record. */
const paced = (...steps: Step[]): Step[] => steps.flatMap((s) => [advance(1000), s]);

interface StoreChoice {
  /** Materialized's retention; without it the default, gap + grace. */
  readonly retentionMs?: number;
  /** Java's in-memory session store (the harness's default) or the persistent one (the library's default). */
  readonly inMemory?: boolean;
}

/**
 * A session count emitted on close, from the store `sessions`. The store is queried only with a longer retention:
 * with the default one the library's store keeps sessions one gap longer than Java's (`session-new-sessions`).
 */
function closedCounts(
  id: string,
  description: string,
  windows: SessionWindows,
  steps: Step[],
  { retentionMs, inMemory = true }: StoreChoice = {},
): Scenario {
  return {
    id,
    description,
    build: (b) => {
      const stored = Materialized.as<string, number>('sessions');
      const kind = inMemory ? stored.withInMemory() : stored;
      const named = retentionMs === undefined ? kind : kind.withRetention(retentionMs);
      b.stream('in', strings)
        .groupByKey()
        .windowedBy(windows)
        .emitStrategy(EmitStrategy.onWindowClose())
        .count(named)
        .toStream()
        .to('out', sessionLongs);
    },
    steps: paced(...steps),
    outputs: { out: sw() },
    ...(retentionMs === undefined ? {} : { stores: [{ name: 'sessions', kind: 'session', keys: ['A', 'B', 'C'] }] }),
  };
}

const R100 = { retentionMs: 100 } as const;

/** Sessions closing one by one and together, extended before closing. */
const closingSteps = [
  rec('in', 'A', 'a', 0),
  rec('in', 'A', 'b', 5),
  rec('in', 'B', 'c', 8),
  rec('in', 'A', 'd', 15), // extends A to [0,15]: no update sent
  rec('in', 'C', 'e', 30), // close time 20: B[8,8] closes; A[0,15] is still open
  rec('in', 'C', 'f', 45), // close time 35: A[0,15] closes
  rec('in', 'B', 'g', 70), // close time 60: C[30,30] and C[45,45] close (15 apart: two sessions)
];

export default scenarios(
  closedCounts(
    'session-emit-on-close-count',
    'gap 10, no grace, retention 100: sessions sent once each, when stream time passes end + gap, not before',
    SessionWindows.ofInactivityGapWithNoGrace(10),
    closingSteps,
    R100,
  ),
  closedCounts(
    'session-emit-on-close-default-retention',
    "gap 10, no grace, in-memory store with its default retention (gap + grace): Java's store no longer returns " +
      'the sessions that have closed, so nothing is sent',
    SessionWindows.ofInactivityGapWithNoGrace(10),
    closingSteps,
  ),
  closedCounts(
    'session-emit-on-close-persistent',
    "gap 10, no grace, persistent store (Java's time-ordered RocksDB one) with its default retention",
    SessionWindows.ofInactivityGapWithNoGrace(10),
    closingSteps,
    { inMemory: false },
  ),
  closedCounts(
    'session-emit-on-close-persistent-segments',
    "gap 10, no grace, persistent store: Java's drops closed sessions by 60 s segments of their end, not one by one",
    SessionWindows.ofInactivityGapWithNoGrace(10),
    [
      rec('in', 'A', 'a', 0),
      rec('in', 'B', 'b', 59_990), // closes A[0,0], far more than the retention ago: segment 0 still holds it
      rec('in', 'D', 'c', 60_005), // closes B[59990,59990]
      rec('in', 'F', 'd', 70_000), // closes D[60005,60005] (segment 1)
      rec('in', 'G', 'e', 119_995), // closes F[70000,70000]: segment 1 is still held (119985 is in it)
      // Would close G[119995,119995], but the newest end - retention, 120090, is in segment 2: segment 1 has gone
      // (the library's store still holds G: the emitter cuts as Java's store)
      rec('in', 'A', 'f', 120_100),
    ],
    { inMemory: false },
  ),
  closedCounts(
    'session-emit-on-close-merge',
    'gap 10, grace 5: a record bridging a session already sent and an open one: the merged session is sent too, ' +
      'with no tombstone for either',
    SessionWindows.ofInactivityGapAndGrace(10, 5),
    [
      rec('in', 'A', 'a', 0),
      rec('in', 'A', 'b', 20), // close time 5: A[0,0] is sent
      rec('in', 'A', 'c', 10), // merges [0,0] and [20,20] into [0,20], not late (20 + 15 >= 20)
      rec('in', 'B', 'd', 25),
      rec('in', 'C', 'e', 60),
      rec('in', 'C', 'f', 100),
    ],
    R100,
  ),
  closedCounts(
    'session-emit-on-close-boundary',
    'gap 10, no grace: a session ending exactly gap before stream time is still open; one more millisecond closes it',
    SessionWindows.ofInactivityGapWithNoGrace(10),
    [
      rec('in', 'A', 'a', 0),
      rec('in', 'B', 'b', 10), // close time 0: A[0,0] can still be extended by a record at 10
      rec('in', 'A', 'c', 10), // extends A to [0,10]
      rec('in', 'B', 'd', 20),
      rec('in', 'B', 'e', 21), // close time 11: A[0,10] closes; B[10,21] open
      rec('in', 'C', 'f', 32),
    ],
    R100,
  ),
  closedCounts(
    'session-emit-on-close-grace-late',
    'gap 5, grace 10: records within grace still extend sessions before they are sent; later ones are dropped',
    SessionWindows.ofInactivityGapAndGrace(5, 10),
    [
      rec('in', 'A', 'a', 100),
      rec('in', 'B', 'b', 110),
      rec('in', 'A', 'c', 104), // extends A[100,100] within grace
      rec('in', 'B', 'd', 120), // close time 105
      rec('in', 'C', 'e', 125), // close time 110: A[100,104] closes
      rec('in', 'A', 'f', 101), // late: its session ended at 104 and closed
      rec('in', 'B', 'g', 112), // extends B[110,110] (112 + 5 < 120: not bridging to B[120,120])
      rec('in', 'C', 'h', 200),
    ],
    { retentionMs: 200 },
  ),
  closedCounts(
    'session-emit-on-close-jump',
    'gap 5, no grace: a jump in stream time closes many sessions at once, sent by end, then key',
    SessionWindows.ofInactivityGapWithNoGrace(5),
    [
      rec('in', 'C', 'a', 3),
      rec('in', 'B', 'b', 10),
      rec('in', 'A', 'c', 10),
      rec('in', 'C', 'd', 10), // 7 after C[3,3], more than the gap: a session of its own
      rec('in', 'A', 'e', 20),
      rec('in', 'B', 'f', 21),
      rec('in', 'A', 'g', 100),
    ],
    R100,
  ),
  closedCounts(
    'session-emit-on-close-reopened',
    'gap 10, no grace, retention 100: a session already sent can still be merged by a record within the gap',
    SessionWindows.ofInactivityGapWithNoGrace(10),
    [
      rec('in', 'A', 'a', 0),
      rec('in', 'B', 'b', 11), // closes A[0,0]
      rec('in', 'A', 'c', 10), // within the gap of A[0,0]: [0,10] is not late (10 + 10 >= 11)
      rec('in', 'B', 'd', 30),
      rec('in', 'C', 'e', 60),
    ],
    R100,
  ),
  closedCounts(
    'session-emit-on-close-nulls',
    'gap 10, no grace: null values are counted, null keys skipped (their time does not close sessions)',
    SessionWindows.ofInactivityGapWithNoGrace(10),
    [rec('in', 'A', null, 0), rec('in', null, 'x', 50), rec('in', 'A', 'b', 5), rec('in', 'B', null, 30)],
    R100,
  ),
  {
    id: 'session-emit-on-close-reduce',
    description: 'gap 10, grace 2, reduce emitted on close, after a filter that drops records (their time not seen)',
    build: (b) =>
      b
        .stream('in', strings)
        .filter((_k, v) => v !== 'skip')
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(10, 2))
        .emitStrategy(EmitStrategy.onWindowClose())
        .reduce(
          (aggregate, value) => `${aggregate}+${value}`,
          Materialized.as<string, string>('reduced').withInMemory().withRetention(100),
        )
        .toStream()
        .to('out', sessionStrings),
    steps: paced(
      rec('in', 'A', 'a', 0),
      rec('in', 'A', 'b', 7),
      rec('in', 'B', 'skip', 100), // dropped upstream: does not close A
      rec('in', 'B', 'c', 12),
      rec('in', 'A', 'd', 16), // extends A to [0,16]
      rec('in', 'B', 'e', 40), // close time 28: B[12,12] and A[0,16] close
      rec('in', 'A', 'f', 60),
    ),
    outputs: { out: sw('string') },
    stores: [{ name: 'reduced', kind: 'session', keys: ['A', 'B'] }],
  },
);
