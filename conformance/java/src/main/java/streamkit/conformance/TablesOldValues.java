package streamkit.conformance;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/** Twins of conformance/scenarios/tables-old-values.ts. */
public final class TablesOldValues {
  static final Consumed<String, String> STRINGS = Consumed.with(Serdes.String(), Serdes.String());
  static final Produced<String, String> TO_STRINGS = Produced.with(Serdes.String(), Serdes.String());
  static final Produced<String, Long> TO_LONGS = Produced.with(Serdes.String(), Serdes.Long());

  static String show(String v) {
    return v == null ? "null" : v;
  }

  static Materialized<String, String, KeyValueStore<Bytes, byte[]>> store(String name) {
    return Materialized.as(name);
  }

  static boolean keep(String k, String v) {
    return v.startsWith("keep");
  }

  public static void oldValuesFilterPlainSource(StreamsBuilder b) {
    b.table("t", STRINGS).filter(TablesOldValues::keep).toStream().to("out", TO_STRINGS);
  }

  public static void oldValuesFilterNamedSource(StreamsBuilder b) {
    b.table("t", STRINGS, store("t-store")).filter(TablesOldValues::keep).toStream().to("out", TO_STRINGS);
  }

  public static void oldValuesFilterAfterStreamJoin(StreamsBuilder b) {
    KTable<String, String> table = b.table("t", STRINGS);
    b.stream("s", STRINGS).join(table, (s, t) -> s + "+" + t).to("joined", TO_STRINGS);
    table.filter(TablesOldValues::keep).toStream().to("out", TO_STRINGS);
  }

  public static void oldValuesFilterMaterializedPlainSource(StreamsBuilder b) {
    b.table("t", STRINGS).filter(TablesOldValues::keep, store("kept")).toStream().to("out", TO_STRINGS);
  }

  public static void oldValuesMapFilterChain(StreamsBuilder b) {
    b.table("t", STRINGS, store("t-store"))
        .mapValues(v -> v.toUpperCase())
        .filter((k, v) -> v.startsWith("KEEP"))
        .filterNot((k, v) -> v.endsWith("2"))
        .toStream()
        .to("out", TO_STRINGS);
  }

  public static void oldValuesFilterAfterCount(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .count()
        .filter((k, n) -> n % 2 == 0)
        .toStream()
        .to("out", TO_LONGS);
  }

  public static void oldValuesFilterAfterNamedCount(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .count(Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as("counts"))
        .filter((k, n) -> n % 2 == 0)
        .toStream()
        .to("out", TO_LONGS);
  }

  public static void oldValuesFilterAfterReduce(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .reduce((a, v) -> a + v)
        .filter((k, v) -> v.length() % 2 == 0)
        .toStream()
        .to("out", TO_STRINGS);
  }

  public static void oldValuesOuterJoinDeletes(StreamsBuilder b) {
    b.table("left", STRINGS)
        .outerJoin(b.table("right", STRINGS), (l, r) -> show(l) + "+" + show(r))
        .toStream()
        .to("out", TO_STRINGS);
  }

  public static void oldValuesLeftJoinRightDeletes(StreamsBuilder b) {
    b.table("left", STRINGS)
        .leftJoin(b.table("right", STRINGS), (l, r) -> l + "+" + show(r))
        .toStream()
        .to("out", TO_STRINGS);
  }

  public static void oldValuesJoinThenFilter(StreamsBuilder b) {
    b.table("left", STRINGS)
        .join(b.table("right", STRINGS), (l, r) -> l + "+" + r)
        .filter((k, v) -> v.contains("keep"))
        .toStream()
        .to("out", TO_STRINGS);
  }

  public static void oldValuesGroupedReduceMoves(StreamsBuilder b) {
    b.table("t", STRINGS)
        .groupBy(
            (k, v) -> KeyValue.pair(v.split(":")[0], v.split(":")[1]),
            Grouped.with("by-prefix", Serdes.String(), Serdes.String()))
        .reduce(
            (sum, v) -> String.valueOf(Long.parseLong(sum) + Long.parseLong(v)),
            (sum, v) -> String.valueOf(Long.parseLong(sum) - Long.parseLong(v)),
            store("sums"))
        .toStream()
        .to("out", TO_STRINGS);
  }
}
