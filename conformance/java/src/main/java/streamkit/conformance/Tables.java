package streamkit.conformance;

import java.util.ArrayList;
import java.util.Arrays;
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
import org.apache.kafka.streams.state.KeyValueStore;

/** Twins of conformance/scenarios/tables.ts. */
public final class Tables {
  static final Consumed<String, String> STRINGS = Consumed.with(Serdes.String(), Serdes.String());
  static final Produced<String, String> TO_STRINGS = Produced.with(Serdes.String(), Serdes.String());
  static final Produced<String, Long> TO_LONGS = Produced.with(Serdes.String(), Serdes.Long());
  static final Grouped<String, String> BY_CITY = Grouped.with("by-city", Serdes.String(), Serdes.String());

  static String show(String v) {
    return v == null ? "null" : v;
  }

  static Materialized<String, String, KeyValueStore<Bytes, byte[]>> store(String name) {
    return Materialized.as(name);
  }

  public static void tableSource(StreamsBuilder b) {
    b.table("t", STRINGS, store("t-store")).toStream().to("out", TO_STRINGS);
  }

  public static void tableFilter(StreamsBuilder b) {
    b.table("t", STRINGS).filter((k, v) -> v.startsWith("keep")).toStream().to("out", TO_STRINGS);
  }

  public static void tableFilterMaterialized(StreamsBuilder b) {
    b.table("t", STRINGS).filter((k, v) -> v.startsWith("keep"), store("kept")).toStream().to("out", TO_STRINGS);
  }

  public static void tableMapValues(StreamsBuilder b) {
    b.table("t", STRINGS).mapValues((k, v) -> k + "=" + v.toUpperCase()).toStream().to("out", TO_STRINGS);
  }

  public static void streamToTable(StreamsBuilder b) {
    b.stream("in", STRINGS).toTable().mapValues(v -> "v:" + v).toStream().to("out", TO_STRINGS);
  }

  public static void groupedTableCount(StreamsBuilder b) {
    b.table("users", STRINGS)
        .groupBy((user, city) -> KeyValue.pair(city, user), BY_CITY)
        .count(Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as("per-city"))
        .toStream()
        .to("out", TO_LONGS);
  }

  public static void groupedTableAggregate(StreamsBuilder b) {
    b.table("users", STRINGS)
        .groupBy((user, city) -> KeyValue.pair(city, user), BY_CITY)
        .aggregate(
            () -> "",
            (city, user, agg) -> {
              List<String> users = new ArrayList<>(Arrays.asList(agg.split(",")));
              users.add(user);
              users.removeIf(String::isEmpty);
              users.sort(null);
              return String.join(",", users);
            },
            (city, user, agg) -> {
              List<String> users = new ArrayList<>(Arrays.asList(agg.split(",")));
              users.removeIf(u -> u.isEmpty() || u.equals(user));
              return String.join(",", users);
            },
            store("users-per-city").withValueSerde(Serdes.String()))
        .toStream()
        .to("out", TO_STRINGS);
  }

  public static void groupedTableReduce(StreamsBuilder b) {
    b.table("t", STRINGS)
        .groupBy(
            (k, v) -> KeyValue.pair(v.substring(0, 1), String.valueOf(v.length())),
            Grouped.with("by-letter", Serdes.String(), Serdes.String()))
        .reduce(
            (agg, v) -> String.valueOf(Long.parseLong(agg) + Long.parseLong(v)),
            (agg, v) -> String.valueOf(Long.parseLong(agg) - Long.parseLong(v)))
        .toStream()
        .to("out", TO_STRINGS);
  }

  public static void tableJoinInner(StreamsBuilder b) {
    b.table("left", STRINGS).join(b.table("right", STRINGS), (l, r) -> l + "+" + r).toStream().to("out", TO_STRINGS);
  }

  public static void tableJoinLeft(StreamsBuilder b) {
    b.table("left", STRINGS)
        .leftJoin(b.table("right", STRINGS), (l, r) -> l + "+" + show(r))
        .toStream()
        .to("out", TO_STRINGS);
  }

  public static void tableJoinOuter(StreamsBuilder b) {
    b.table("left", STRINGS)
        .outerJoin(b.table("right", STRINGS), (l, r) -> show(l) + "+" + show(r))
        .toStream()
        .to("out", TO_STRINGS);
  }

  public static void tableJoinMaterialized(StreamsBuilder b) {
    b.table("left", STRINGS)
        .join(b.table("right", STRINGS), (l, r) -> l + "+" + r, store("joined"))
        .toStream()
        .to("out", TO_STRINGS);
  }

  public static void tableJoinDeleteAbsent(StreamsBuilder b) {
    KTable<String, String> left = b.table("left", STRINGS);
    KTable<String, String> right = b.table("right", STRINGS);
    left.join(right, (l, r) -> l + "+" + r).toStream().to("inner", TO_STRINGS);
    left.leftJoin(right, (l, r) -> l + "+" + show(r)).toStream().to("left-join", TO_STRINGS);
  }

  public static void tableJoinTimestamps(StreamsBuilder b) {
    tableJoinInner(b);
  }

  public static void groupedTableSameGroup(StreamsBuilder b) {
    b.table("users", STRINGS)
        .groupBy((user, city) -> KeyValue.pair(city, user), BY_CITY)
        .count()
        .toStream()
        .to("out", TO_LONGS);
  }

  public static void tableFilterJoin(StreamsBuilder b) {
    b.table("left", STRINGS)
        .filter((k, v) -> !"hide".equals(v))
        .join(b.table("right", STRINGS), (l, r) -> l + "+" + r)
        .toStream()
        .to("out", TO_STRINGS);
  }

  public static void tableMapValuesMaterialized(StreamsBuilder b) {
    b.table("t", STRINGS)
        .mapValues(
            v -> (long) v.length(),
            Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as("lengths").withValueSerde(Serdes.Long()))
        .toStream()
        .to("out", TO_LONGS);
  }

  public static void tableJoinChain(StreamsBuilder b) {
    b.table("a", STRINGS)
        .join(b.table("b", STRINGS), (x, y) -> x + y)
        .leftJoin(b.table("c", STRINGS), (xy, z) -> xy + show(z))
        .toStream()
        .to("out", TO_STRINGS);
  }

  public static void tableJoinOuterMaterialized(StreamsBuilder b) {
    b.table("left", STRINGS)
        .outerJoin(b.table("right", STRINGS), (l, r) -> show(l) + "+" + show(r), store("outer"))
        .toStream()
        .to("out", TO_STRINGS);
  }

  public static void tableJoinLeftRightFirst(StreamsBuilder b) {
    tableJoinLeft(b);
  }

  public static void groupedTableReduceNegative(StreamsBuilder b) {
    b.table("t", STRINGS)
        .groupBy((k, v) -> KeyValue.pair("all", v), Grouped.with("all", Serdes.String(), Serdes.String()))
        .reduce(
            (agg, v) -> String.valueOf(Long.parseLong(agg) + Long.parseLong(v)),
            (agg, v) -> String.valueOf(Long.parseLong(agg) - Long.parseLong(v)),
            store("total"))
        .toStream()
        .to("out", TO_STRINGS);
  }
}
