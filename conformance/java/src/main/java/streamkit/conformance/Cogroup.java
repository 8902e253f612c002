package streamkit.conformance;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.SessionWindows;
import org.apache.kafka.streams.kstream.SlidingWindows;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.WindowedSerdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.SessionStore;
import org.apache.kafka.streams.state.WindowStore;
import java.time.Duration;

/** Twins of conformance/scenarios/cogroup.ts. */
public final class Cogroup {
  static final Consumed<String, String> STRINGS = Consumed.with(Serdes.String(), Serdes.String());
  static final Produced<String, String> TO_STRINGS = Produced.with(Serdes.String(), Serdes.String());

  static KGroupedStream<String, String> clicks(StreamsBuilder b) {
    return b.stream("clicks", STRINGS).groupByKey();
  }

  static KGroupedStream<String, String> views(StreamsBuilder b) {
    return b.stream("views", STRINGS).groupByKey();
  }

  public static void cogroupTwoStreams(StreamsBuilder b) {
    KGroupedStream<String, String> clicks = clicks(b);
    KGroupedStream<String, String> views = views(b);
    clicks
        .<String>cogroup((k, v, agg) -> agg + "+" + v)
        .cogroup(views, (k, v, agg) -> agg + "-" + v)
        .aggregate(() -> "", Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as("activity"))
        .toStream()
        .to("out", TO_STRINGS);
  }

  public static void cogroupThreeCountsFiltered(StreamsBuilder b) {
    KGroupedStream<String, String> clicks = clicks(b);
    KGroupedStream<String, String> views = views(b);
    KGroupedStream<String, String> buys = b.stream("buys", STRINGS).groupByKey();
    clicks
        .<Long>cogroup((k, v, n) -> n + 1)
        .cogroup(views, (k, v, n) -> n + 10)
        .cogroup(buys, (k, v, n) -> n + 100)
        .aggregate(() -> 0L, Materialized.with(Serdes.String(), Serdes.Long()))
        .filter((k, n) -> n % 2 == 0)
        .toStream()
        .to("out", Produced.with(Serdes.String(), Serdes.Long()));
  }

  public static void cogroupRepartitioned(StreamsBuilder b) {
    KGroupedStream<String, String> views = views(b);
    KGroupedStream<String, String> byPage =
        b.stream("clicks", STRINGS)
            .selectKey((user, page) -> page.split("/")[0])
            .groupByKey(Grouped.as("clicks-by-user"));
    byPage
        .<String>cogroup((k, v, agg) -> agg + "+" + v)
        .cogroup(views, (k, v, agg) -> agg + "-" + v)
        .aggregate(() -> ">")
        .toStream()
        .to("out", TO_STRINGS);
  }

  public static void cogroupTumbling(StreamsBuilder b) {
    KGroupedStream<String, String> clicks = clicks(b);
    KGroupedStream<String, String> views = views(b);
    clicks
        .<String>cogroup((k, v, agg) -> agg + "+" + v)
        .cogroup(views, (k, v, agg) -> agg + "-" + v)
        .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMillis(10), Duration.ofMillis(5)))
        .aggregate(() -> "", Materialized.<String, String, WindowStore<Bytes, byte[]>>as("windowed-activity"))
        .toStream()
        .to("out", Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class, 10), Serdes.String()));
  }

  public static void cogroupHopping(StreamsBuilder b) {
    KGroupedStream<String, String> clicks = clicks(b);
    KGroupedStream<String, String> views = views(b);
    clicks
        .<String>cogroup((k, v, agg) -> agg + "+" + v)
        .cogroup(views, (k, v, agg) -> agg + "-" + v)
        .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofMillis(10)).advanceBy(Duration.ofMillis(5)))
        .aggregate(() -> "")
        .toStream()
        .to("out", Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class, 10), Serdes.String()));
  }

  public static void cogroupSession(StreamsBuilder b) {
    KGroupedStream<String, String> clicks = clicks(b);
    KGroupedStream<String, String> views = views(b);
    clicks
        .<String>cogroup((k, v, agg) -> agg + "+" + v)
        .cogroup(views, (k, v, agg) -> agg + "-" + v)
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(Duration.ofMillis(5), Duration.ofMillis(50)))
        .aggregate(
            () -> "",
            (k, left, right) -> left + "|" + right,
            Materialized.<String, String, SessionStore<Bytes, byte[]>>as("sessions"))
        .toStream()
        .to("out", Produced.with(WindowedSerdes.sessionWindowedSerdeFrom(String.class), Serdes.String()));
  }

  public static void cogroupSliding(StreamsBuilder b) {
    KGroupedStream<String, String> clicks = clicks(b);
    KGroupedStream<String, String> views = views(b);
    clicks
        .<String>cogroup((k, v, agg) -> agg + "+" + v)
        .cogroup(views, (k, v, agg) -> agg + "-" + v)
        .windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(Duration.ofMillis(10), Duration.ofMillis(5)))
        .aggregate(() -> "")
        .toStream()
        .to("out", Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class, 10), Serdes.String()));
  }
}
