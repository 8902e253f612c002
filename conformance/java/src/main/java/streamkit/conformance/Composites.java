package streamkit.conformance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.SlidingWindows;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.WindowedSerdes;
import org.apache.kafka.streams.state.KeyValueStore;

/** Twins of conformance/scenarios/composites.ts. */
public final class Composites {
  static final Consumed<String, String> STRINGS = Consumed.with(Serdes.String(), Serdes.String());
  static final Produced<String, String> TO_STRINGS = Produced.with(Serdes.String(), Serdes.String());
  static final Produced<String, Long> TO_LONGS = Produced.with(Serdes.String(), Serdes.Long());

  static Duration ms(long ms) {
    return Duration.ofMillis(ms);
  }

  static String show(String v) {
    return v == null ? "null" : v;
  }

  public static void tableToStreamMap(StreamsBuilder b) {
    b.table("t", STRINGS).toStream().map((k, v) -> KeyValue.pair(k + "-" + show(v), show(v))).to("out", TO_STRINGS);
  }

  public static void selectKeyTableJoin(StreamsBuilder b) {
    KTable<String, String> users = b.table("users", STRINGS);
    b.stream("clicks", STRINGS)
        .selectKey((k, v) -> v)
        .leftJoin(users, (user, city) -> user + "@" + show(city))
        .to("out", TO_STRINGS);
  }

  public static void groupByWindowed(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupBy((k, v) -> v, Grouped.with("by-value", Serdes.String(), Serdes.String()))
        .windowedBy(TimeWindows.ofSizeWithNoGrace(ms(10)))
        .count()
        .toStream()
        .to("out", Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class, 10), Serdes.Long()));
  }

  public static void tableFilterNot(StreamsBuilder b) {
    b.table("t", STRINGS).filterNot((k, v) -> v.startsWith("x")).toStream().to("out", TO_STRINGS);
  }

  public static void flatMapReduce(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .<String, String>flatMap((k, v) -> {
          List<KeyValue<String, String>> out = new ArrayList<>();
          for (String w : v.split(" ")) out.add(KeyValue.pair(w, "1"));
          return out;
        })
        .groupByKey()
        .reduce(
            (a, c) -> String.valueOf(Long.parseLong(a) + Long.parseLong(c)),
            Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as("words"))
        .toStream()
        .to("out", TO_STRINGS);
  }

  public static void aggregateInitialValue(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .aggregate(
            () -> 100L,
            (k, v, agg) -> agg - v.length(),
            Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as("budget").withValueSerde(Serdes.Long()))
        .toStream()
        .to("out", TO_LONGS);
  }

  public static void slidingKeysInOrder(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(ms(5), ms(0)))
        .count()
        .toStream()
        .to("out", Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class, 5), Serdes.Long()));
  }

  public static void hoppingSuppressGrace(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .windowedBy(TimeWindows.ofSizeAndGrace(ms(10), ms(3)).advanceBy(ms(5)))
        .count()
        .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
        .toStream()
        .to("out", Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class, 10), Serdes.Long()));
  }

  public static void groupedTableOutOfOrder(StreamsBuilder b) {
    b.table("users", STRINGS)
        .groupBy((user, city) -> KeyValue.pair(city, user), Grouped.with("by-city", Serdes.String(), Serdes.String()))
        .count()
        .toStream()
        .to("out", TO_LONGS);
  }

  public static void selectKeyNullCount(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .selectKey((k, v) -> "none".equals(v) ? null : v)
        .groupByKey()
        .count()
        .toStream()
        .to("out", TO_LONGS);
  }

  public static void mergeThree(StreamsBuilder b) {
    b.stream("a", STRINGS)
        .merge(b.stream("b", STRINGS))
        .merge(b.stream("c", STRINGS).mapValues(v -> "c:" + v))
        .to("out", TO_STRINGS);
  }

  public static void tableSourceOutOfOrder(StreamsBuilder b) {
    b.table("t", STRINGS, Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as("t-store"))
        .toStream()
        .to("out", TO_STRINGS);
  }
}
