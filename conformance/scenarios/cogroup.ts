// KGroupedStream.cogroup: several grouped streams, one aggregate (plain, time-windowed, session-windowed).
// Java twins: Cogroup.java.
import {
  Consumed,
  Grouped,
  Materialized,
  Produced,
  Serdes,
  SessionWindows,
  SlidingWindows,
  TimeWindows,
  longAsNumberSerde,
  sessionWindowedSerde,
  timeWindowedSerde,
  type StreamsBuilder,
} from '@streamkit/kafka-streams';
import { rec, scenarios, SL, SS, sw, tw } from '../support/scenario.js';

const strings = Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });
const toStrings = Produced.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });

/** clicks and views of a user, grouped by user. */
function activity(b: StreamsBuilder<string, string>) {
  return {
    clicks: b.stream('clicks', strings).groupByKey(),
    views: b.stream('views', strings).groupByKey(),
  };
}

/** Null keys and values included: plain aggregations skip both (windowed ones in Java take null values). */
const interleaved = [
  rec('clicks', 'u1', 'c1', 1),
  rec('views', 'u1', 'v1', 2),
  rec('views', 'u2', 'v2', 3),
  rec('clicks', 'u1', 'c2', 4),
  rec('clicks', null, 'c3', 5),
  rec('views', 'u2', null, 6),
  rec('clicks', 'u2', 'c4', 12),
  rec('views', 'u1', 'v3', 14),
];

// Java's windowed aggregations take null values, the library's skip them (differences.ts windowedNullValue).
const withoutNullValues = interleaved.filter((step) => step.value !== null);

export default scenarios(
  {
    id: 'cogroup-two-streams',
    description: 'two grouped streams into one aggregate with a named store; null keys and values skipped',
    build: (b) => {
      const { clicks, views } = activity(b);
      clicks
        .cogroup<string>((_k, v, agg) => `${agg}+${v}`)
        .cogroup(views, (_k, v, agg) => `${agg}-${v}`)
        .aggregate(() => '', Materialized.as('activity'))
        .toStream()
        .to('out', toStrings);
    },
    steps: interleaved,
    outputs: { out: SS },
    stores: [{ name: 'activity', kind: 'kv' }],
  },
  {
    id: 'cogroup-three-counts-filtered',
    description: 'three streams weighted into one number, filtered below (old values from the initializer)',
    build: (b) => {
      const { clicks, views } = activity(b);
      const buys = b.stream('buys', strings).groupByKey();
      clicks
        .cogroup<number>((_k, _v, n) => n + 1)
        .cogroup(views, (_k, _v, n) => n + 10)
        .cogroup(buys, (_k, _v, n) => n + 100)
        .aggregate(() => 0, Materialized.with(undefined, longAsNumberSerde()))
        .filter((_k, n) => n % 2 === 0)
        .toStream()
        .to('out', Produced.with({ keySerde: Serdes.String(), valueSerde: longAsNumberSerde() }));
    },
    steps: [...interleaved, rec('buys', 'u1', 'b1', 15), rec('buys', 'u3', 'b2', 16), rec('clicks', 'u3', 'c5', 17)],
    outputs: { out: SL },
  },
  {
    id: 'cogroup-repartitioned',
    description: 'a grouped stream whose key changed is repartitioned before the cogroup; the other is not',
    build: (b) => {
      const views = b.stream('views', strings).groupByKey();
      const byPage = b
        .stream('clicks', strings)
        .selectKey((_user, page) => page.split('/')[0]!)
        .groupByKey(Grouped.as('clicks-by-user'));
      byPage
        .cogroup<string>((_k, v, agg) => `${agg}+${v}`)
        .cogroup(views, (_k, v, agg) => `${agg}-${v}`)
        .aggregate(() => '>')
        .toStream()
        .to('out', toStrings);
    },
    steps: [
      rec('clicks', 'x', 'u1/home', 1),
      rec('views', 'u1', 'v1', 2),
      rec('clicks', 'y', 'u2/cart', 3),
      rec('views', 'u2', 'v2', 4),
      rec('clicks', 'z', 'u1/pay', 5),
    ],
    outputs: { out: SS },
  },
  {
    id: 'cogroup-tumbling',
    description: 'a cogroup over tumbling windows (10, grace 5), records in time order',
    build: (b) => {
      const { clicks, views } = activity(b);
      clicks
        .cogroup<string>((_k, v, agg) => `${agg}+${v}`)
        .cogroup(views, (_k, v, agg) => `${agg}-${v}`)
        .windowedBy(TimeWindows.ofSizeAndGrace(10, 5))
        .aggregate(() => '', Materialized.as('windowed-activity'))
        .toStream()
        .to('out', Produced.with({ keySerde: timeWindowedSerde(Serdes.String(), 10), valueSerde: Serdes.String() }));
    },
    steps: [...withoutNullValues, rec('clicks', 'u1', 'c6', 25)],
    outputs: { out: tw(10, 'string') },
    stores: [{ name: 'windowed-activity', kind: 'window' }],
  },
  {
    id: 'cogroup-hopping',
    description: 'a cogroup over hopping windows (10, advance 5, no grace)',
    build: (b) => {
      const { clicks, views } = activity(b);
      clicks
        .cogroup<string>((_k, v, agg) => `${agg}+${v}`)
        .cogroup(views, (_k, v, agg) => `${agg}-${v}`)
        .windowedBy(TimeWindows.ofSizeWithNoGrace(10).advanceBy(5))
        .aggregate(() => '')
        .toStream()
        .to('out', Produced.with({ keySerde: timeWindowedSerde(Serdes.String(), 10), valueSerde: Serdes.String() }));
    },
    steps: withoutNullValues,
    outputs: { out: tw(10, 'string') },
  },
  {
    id: 'cogroup-session',
    // Records of both streams at one instant share a session; sessions far apart stay apart (merges would hit the
    // known session-timestamp difference, see differences.ts sessionTimestamps).
    description: 'a cogroup over session windows (gap 5, grace 50: nothing expires): both streams update one session',
    build: (b) => {
      const { clicks, views } = activity(b);
      clicks
        .cogroup<string>((_k, v, agg) => `${agg}+${v}`)
        .cogroup(views, (_k, v, agg) => `${agg}-${v}`)
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(5, 50))
        .aggregate(
          () => '',
          (_k, left, right) => `${left}|${right}`,
          Materialized.as('sessions'),
        )
        .toStream()
        .to('out', Produced.with({ keySerde: sessionWindowedSerde(Serdes.String()), valueSerde: Serdes.String() }));
    },
    steps: [
      rec('clicks', 'u1', 'c1', 1),
      rec('views', 'u1', 'v1', 1),
      rec('clicks', 'u1', 'c2', 20),
      rec('views', 'u1', 'v2', 20),
      rec('clicks', 'u2', 'c3', 21),
      rec('views', 'u2', 'v3', 40),
    ],
    outputs: { out: sw('string') },
    stores: [{ name: 'sessions', kind: 'session', keys: ['u1', 'u2'] }],
  },
  {
    id: 'cogroup-sliding',
    description: 'a cogroup over sliding windows (difference 10, grace 5), records in time order',
    build: (b) => {
      const { clicks, views } = activity(b);
      clicks
        .cogroup<string>((_k, v, agg) => `${agg}+${v}`)
        .cogroup(views, (_k, v, agg) => `${agg}-${v}`)
        .windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(10, 5))
        .aggregate(() => '')
        .toStream()
        .to('out', Produced.with({ keySerde: timeWindowedSerde(Serdes.String(), 10), valueSerde: Serdes.String() }));
    },
    steps: [...withoutNullValues, rec('clicks', 'u1', 'c6', 25)],
    outputs: { out: tw(10, 'string') },
  },
);
