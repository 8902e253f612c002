// Records exactly at window, grace, gap and join-difference boundaries. Java twins: Boundaries.java.
import {
  Consumed,
  JoinWindows,
  Produced,
  Serdes,
  SessionWindows,
  SlidingWindows,
  TimeWindows,
  longAsNumberSerde,
  sessionWindowedSerde,
  timeWindowedSerde,
} from '@streamkit/kafka-streams';
import { advance, rec, scenarios, SS, sw, tw, type Step } from '../support/scenario.js';

const strings = Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });
const toStrings = Produced.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });
const windowedLongs = (size: number) =>
  Produced.with({ keySerde: timeWindowedSerde(Serdes.String(), size), valueSerde: longAsNumberSerde() });
const sessionLongs = Produced.with({
  keySerde: sessionWindowedSerde(Serdes.String()),
  valueSerde: longAsNumberSerde(),
});
const show = (v: string | null) => v ?? 'null';
const paced = (...steps: Step[]): Step[] => steps.flatMap((s) => [advance(1000), s]);

export default scenarios(
  {
    id: 'tumbling-grace-boundary',
    description: 'tumbling 10, grace 5: a record for [0,10) at stream time 14 counts, at stream time 15 it is late',
    build: (b) =>
      b
        .stream('in', strings)
        .groupByKey()
        .windowedBy(TimeWindows.ofSizeAndGrace(10, 5))
        .count()
        .toStream()
        .to('out', windowedLongs(10)),
    steps: [
      rec('in', 'A', 'a', 14),
      rec('in', 'A', 'b', 9),
      rec('in', 'B', 'c', 15),
      rec('in', 'A', 'd', 9),
      rec('in', 'C', 'e', 10),
    ],
    outputs: { out: tw(10) },
  },
  {
    id: 'hopping-boundary',
    description: 'hopping 10 / advance 5: records exactly at window starts and ends',
    build: (b) =>
      b
        .stream('in', strings)
        .groupByKey()
        .windowedBy(TimeWindows.ofSizeAndGrace(10, 20).advanceBy(5))
        .count()
        .toStream()
        .to('out', windowedLongs(10)),
    steps: [
      rec('in', 'A', 'a', 0),
      rec('in', 'A', 'b', 5),
      rec('in', 'A', 'c', 10),
      rec('in', 'A', 'd', 14),
      rec('in', 'A', 'e', 15),
    ],
    outputs: { out: tw(10) },
  },
  {
    id: 'sliding-boundary',
    description: 'sliding windows, difference 10: records exactly 10 apart share a window, 11 apart do not',
    build: (b) =>
      b
        .stream('in', strings)
        .groupByKey()
        .windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(10, 50))
        .count()
        .toStream()
        .to('out', windowedLongs(10)),
    steps: [rec('in', 'A', 'a', 20), rec('in', 'A', 'b', 30), rec('in', 'A', 'c', 41), rec('in', 'A', 'd', 31)],
    outputs: { out: tw(10) },
  },
  {
    id: 'session-gap-boundary',
    description: 'session gap 10: records exactly 10 apart are one session, 11 apart two',
    build: (b) =>
      b
        .stream('in', strings)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(10, 100))
        .count()
        .toStream()
        .to('out', sessionLongs),
    steps: [rec('in', 'A', 'a', 100), rec('in', 'A', 'b', 111), rec('in', 'B', 'c', 200), rec('in', 'B', 'd', 210)],
    outputs: { out: sw() },
  },
  {
    id: 'session-grace-boundary',
    description:
      'session gap 5, grace 5: a new session for a record at exactly stream time - gap - grace, and one before',
    build: (b) =>
      b
        .stream('in', strings)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(5, 5))
        .count()
        .toStream()
        .to('out', sessionLongs),
    steps: [rec('in', 'A', 'a', 50), rec('in', 'B', 'b', 40), rec('in', 'C', 'c', 39)],
    outputs: { out: sw() },
  },
  {
    id: 'join-difference-boundary',
    description: 'stream-stream join, difference 10: partners exactly 10 apart join, 11 apart do not',
    build: (b) =>
      b
        .stream('left', strings)
        .join(b.stream('right', strings), (l, r) => `${l}+${r}`, JoinWindows.ofTimeDifferenceAndGrace(10, 100))
        .to('out', toStrings),
    steps: paced(
      rec('left', 'A', 'a1', 20),
      rec('right', 'A', 'x1', 30),
      rec('right', 'A', 'x2', 9),
      rec('right', 'A', 'x3', 10),
      rec('right', 'A', 'x4', 31),
    ),
    outputs: { out: SS },
  },
  {
    id: 'join-outer-close-boundary',
    description: 'stream-stream outer join, difference 5, grace 2: when exactly an unpaired record is emitted',
    build: (b) =>
      b
        .stream('left', strings)
        .outerJoin(
          b.stream('right', strings),
          (l, r) => `${show(l)}+${show(r)}`,
          JoinWindows.ofTimeDifferenceAndGrace(5, 2),
        )
        .to('out', toStrings),
    steps: paced(
      rec('left', 'A', 'a1', 10),
      rec('right', 'B', 'y1', 16),
      rec('right', 'B', 'y2', 17),
      rec('right', 'B', 'y3', 18),
    ),
    outputs: { out: SS },
  },
  {
    id: 'stream-table-same-timestamp',
    description: 'stream-table join: a table update and a stream record with the same timestamp, in both orders',
    build: (b) => {
      b.stream('stream', strings)
        .leftJoin(b.table('table', strings), (v, t) => `${v}@${show(t)}`)
        .to('out', toStrings);
    },
    steps: [
      rec('table', 'A', 't1', 5),
      rec('stream', 'A', 's1', 5),
      rec('stream', 'B', 's2', 6),
      rec('table', 'B', 't2', 6),
      rec('stream', 'B', 's3', 6),
    ],
    outputs: { out: SS },
  },
);
