package streamkit.conformance;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.SessionWindows;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.WindowedSerdes;
import org.apache.kafka.streams.state.KeyValueStore;

/** Twins of conformance/scenarios/null-keys.ts. */
public final class NullKeys {
  static final Consumed<String, String> STRINGS = Consumed.with(Serdes.String(), Serdes.String());
  static final Produced<String, String> TO_STRINGS = Produced.with(Serdes.String(), Serdes.String());
  static final Produced<String, Long> TO_LONGS = Produced.with(Serdes.String(), Serdes.Long());

  static String show(String v) {
    return v == null ? "null" : v;
  }

  public static void tableSourceNullKey(StreamsBuilder b) {
    b.table("t", STRINGS, Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as("t-store"))
        .toStream()
        .to("out", TO_STRINGS);
  }

  public static void streamToTableNullKey(StreamsBuilder b) {
    b.stream("in", STRINGS).toTable().toStream().to("out", TO_STRINGS);
  }

  public static void groupByNullKey(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupBy((k, v) -> "none".equals(v) ? null : v, Grouped.with(Serdes.String(), Serdes.String()))
        .count()
        .toStream()
        .to("out", TO_LONGS);
  }

  public static void tableGroupByNullKey(StreamsBuilder b) {
    b.table("t", STRINGS)
        .groupBy(
            (k, v) -> KeyValue.pair("none".equals(v) ? null : v, k), Grouped.with("g", Serdes.String(), Serdes.String()))
        .count()
        .toStream()
        .to("out", TO_LONGS);
  }

  public static void windowedCountNulls(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofMillis(10)))
        .count()
        .toStream()
        .to("out", Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class, 10), Serdes.Long()));
  }

  public static void sessionCountNulls(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(Duration.ofMillis(10)))
        .count()
        .toStream()
        .to("out", Produced.with(WindowedSerdes.sessionWindowedSerdeFrom(String.class), Serdes.Long()));
  }

  public static void globalTableNullMappedKey(StreamsBuilder b) {
    GlobalKTable<String, String> g = b.globalTable("g", STRINGS);
    KStream<String, String> s = b.stream("in", STRINGS);
    s.join(g, (k, v) -> "none".equals(v) ? null : v, (v, gv) -> v + ":" + gv).to("inner", TO_STRINGS);
    s.leftJoin(g, (k, v) -> "none".equals(v) ? null : v, (v, gv) -> v + ":" + show(gv)).to("left", TO_STRINGS);
  }

  public static void tableJoinNullKey(StreamsBuilder b) {
    b.table("left", STRINGS).join(b.table("right", STRINGS), (l, r) -> l + "+" + r).toStream().to("out", TO_STRINGS);
  }
}
