package streamkit.conformance;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.JoinWindows;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.SessionWindows;
import org.apache.kafka.streams.kstream.SlidingWindows;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.WindowedSerdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/** Twins of the families of conformance/scenarios/generated.ts. */
public final class Generated {
  static final Consumed<String, String> STRINGS = Consumed.with(Serdes.String(), Serdes.String());
  static final Produced<String, String> TO_STRINGS = Produced.with(Serdes.String(), Serdes.String());

  static String show(String v) {
    return v == null ? "null" : v;
  }

  public static void genCountByKey(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .count(Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as("counts"))
        .toStream()
        .to("out", Produced.with(Serdes.String(), Serdes.Long()));
  }

  public static void genTumblingCount(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMillis(10), Duration.ofMillis(5)))
        .count()
        .toStream()
        .to("out", Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class, 10), Serdes.Long()));
  }

  public static void genSlidingCount(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(Duration.ofMillis(10), Duration.ofMillis(5)))
        .count(Materialized.<String, Long, WindowStore<Bytes, byte[]>>as("gen-sliding"))
        .toStream()
        .to("out", Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class, 10), Serdes.Long()));
  }

  public static void genSessionCount(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(Duration.ofMillis(5), Duration.ofMillis(3)))
        .count()
        .toStream()
        .to("out", Produced.with(WindowedSerdes.sessionWindowedSerdeFrom(String.class), Serdes.Long()));
  }

  public static void genTableLeftJoin(StreamsBuilder b) {
    b.table("left", STRINGS)
        .leftJoin(b.table("right", STRINGS), (l, r) -> l + "+" + show(r))
        .toStream()
        .to("out", TO_STRINGS);
  }

  public static void genGroupedTableCount(StreamsBuilder b) {
    b.table("t", STRINGS)
        .groupBy((k, v) -> KeyValue.pair(v, k), Grouped.with("g", Serdes.String(), Serdes.String()))
        .count(Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as("groups"))
        .toStream()
        .to("out", Produced.with(Serdes.String(), Serdes.Long()));
  }

  public static void genStreamInnerJoin(StreamsBuilder b) {
    b.stream("left", STRINGS)
        .join(
            b.stream("right", STRINGS),
            (l, r) -> show(l) + "+" + show(r),
            JoinWindows.ofTimeDifferenceAndGrace(Duration.ofMillis(10), Duration.ofMillis(5)))
        .to("out", TO_STRINGS);
  }

  public static void genStreamOuterJoin(StreamsBuilder b) {
    b.stream("left", STRINGS)
        .outerJoin(
            b.stream("right", STRINGS),
            (l, r) -> show(l) + "+" + show(r),
            JoinWindows.ofTimeDifferenceAndGrace(Duration.ofMillis(10), Duration.ofMillis(5)))
        .to("out", TO_STRINGS);
  }

  public static void genVersionedTable(StreamsBuilder b) {
    b.table("t", STRINGS, Materialized.as(Stores.persistentVersionedKeyValueStore("vt", Duration.ofMillis(20))))
        .toStream()
        .to("out", TO_STRINGS);
  }

  public static void genVersionedStreamJoinGrace(StreamsBuilder b) {
    KTable<String, String> table =
        b.table("t", STRINGS, Materialized.as(Stores.persistentVersionedKeyValueStore("vt", Duration.ofMillis(20))));
    b.stream("s", STRINGS)
        .leftJoin(
            table,
            (v, tv) -> v + "+" + show(tv),
            Joined.with(Serdes.String(), Serdes.String(), Serdes.String()).withGracePeriod(Duration.ofMillis(5)))
        .to("out", TO_STRINGS);
  }
}
