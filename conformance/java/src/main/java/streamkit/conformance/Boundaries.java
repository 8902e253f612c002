package streamkit.conformance;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.JoinWindows;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.SessionWindows;
import org.apache.kafka.streams.kstream.SlidingWindows;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.WindowedSerdes;

/** Twins of conformance/scenarios/boundaries.ts. */
public final class Boundaries {
  static final Consumed<String, String> STRINGS = Consumed.with(Serdes.String(), Serdes.String());
  static final Produced<String, String> TO_STRINGS = Produced.with(Serdes.String(), Serdes.String());

  static Duration ms(long ms) {
    return Duration.ofMillis(ms);
  }

  static String show(String v) {
    return v == null ? "null" : v;
  }

  public static void tumblingGraceBoundary(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .windowedBy(TimeWindows.ofSizeAndGrace(ms(10), ms(5)))
        .count()
        .toStream()
        .to("out", Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class, 10), Serdes.Long()));
  }

  public static void hoppingBoundary(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .windowedBy(TimeWindows.ofSizeAndGrace(ms(10), ms(20)).advanceBy(ms(5)))
        .count()
        .toStream()
        .to("out", Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class, 10), Serdes.Long()));
  }

  public static void slidingBoundary(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(ms(10), ms(50)))
        .count()
        .toStream()
        .to("out", Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class, 10), Serdes.Long()));
  }

  public static void sessionGapBoundary(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(ms(10), ms(100)))
        .count()
        .toStream()
        .to("out", Produced.with(WindowedSerdes.sessionWindowedSerdeFrom(String.class), Serdes.Long()));
  }

  public static void sessionGraceBoundary(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(ms(5), ms(5)))
        .count()
        .toStream()
        .to("out", Produced.with(WindowedSerdes.sessionWindowedSerdeFrom(String.class), Serdes.Long()));
  }

  public static void joinDifferenceBoundary(StreamsBuilder b) {
    b.stream("left", STRINGS)
        .join(b.stream("right", STRINGS), (l, r) -> l + "+" + r, JoinWindows.ofTimeDifferenceAndGrace(ms(10), ms(100)))
        .to("out", TO_STRINGS);
  }

  public static void joinOuterCloseBoundary(StreamsBuilder b) {
    b.stream("left", STRINGS)
        .outerJoin(
            b.stream("right", STRINGS), (l, r) -> show(l) + "+" + show(r), JoinWindows.ofTimeDifferenceAndGrace(ms(5), ms(2)))
        .to("out", TO_STRINGS);
  }

  public static void streamTableSameTimestamp(StreamsBuilder b) {
    b.stream("stream", STRINGS).leftJoin(b.table("table", STRINGS), (v, t) -> v + "@" + show(t)).to("out", TO_STRINGS);
  }
}
