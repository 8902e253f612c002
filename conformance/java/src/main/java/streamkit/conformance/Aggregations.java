package streamkit.conformance;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.state.KeyValueStore;

/** Twins of conformance/scenarios/aggregations.ts. */
public final class Aggregations {
  static final Consumed<String, String> STRINGS = Consumed.with(Serdes.String(), Serdes.String());
  static final Produced<String, Long> TO_LONGS = Produced.with(Serdes.String(), Serdes.Long());

  public static void countByKey(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .count(Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as("counts"))
        .toStream()
        .to("out", TO_LONGS);
  }

  public static void countOutOfOrder(StreamsBuilder b) {
    b.stream("in", STRINGS).groupByKey().count().toStream().to("out", TO_LONGS);
  }

  public static void countNullKeyValue(StreamsBuilder b) {
    b.stream("in", STRINGS).groupByKey().count().toStream().to("out", TO_LONGS);
  }

  public static void reduceConcat(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .reduce((agg, v) -> agg + "+" + v, Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as("reduced"))
        .toStream()
        .to("out", Produced.with(Serdes.String(), Serdes.String()));
  }

  public static void aggregateTotalLength(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .aggregate(
            () -> 0L,
            (k, v, agg) -> agg + v.length(),
            Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as("lengths").withValueSerde(Serdes.Long()))
        .toStream()
        .to("out", TO_LONGS);
  }

  public static void groupByCount(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupBy((k, v) -> v.substring(0, 1), Grouped.with("first-letter", Serdes.String(), Serdes.String()))
        .count()
        .toStream()
        .to("out", TO_LONGS);
  }

  public static void countManyKeys(StreamsBuilder b) {
    countByKey(b);
  }

  public static void reduceThenMapValues(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .reduce((a, v) -> Long.parseLong(v) > Long.parseLong(a) ? v : a)
        .mapValues(v -> "max=" + v)
        .toStream()
        .to("out", Produced.with(Serdes.String(), Serdes.String()));
  }

  public static void countSuppressTimeLimit(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .count()
        .suppress(Suppressed.untilTimeLimit(Duration.ofMillis(10), Suppressed.BufferConfig.unbounded()))
        .toStream()
        .to("out", TO_LONGS);
  }

  public static void countSuppressEmitEarly(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .count()
        .suppress(
            Suppressed.untilTimeLimit(Duration.ofMillis(100), Suppressed.BufferConfig.maxRecords(2).emitEarlyWhenFull()))
        .toStream()
        .to("out", TO_LONGS);
  }
}
