package streamkit.conformance;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.JoinWindows;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/** Twins of conformance/scenarios/joins.ts. */
public final class Joins {
  static final Consumed<String, String> STRINGS = Consumed.with(Serdes.String(), Serdes.String());
  static final Produced<String, String> TO_STRINGS = Produced.with(Serdes.String(), Serdes.String());

  static Duration ms(long ms) {
    return Duration.ofMillis(ms);
  }

  static String show(String v) {
    return v == null ? "null" : v;
  }

  public static void joinInner(StreamsBuilder b) {
    b.stream("left", STRINGS)
        .join(b.stream("right", STRINGS), (l, r) -> l + "+" + r, JoinWindows.ofTimeDifferenceAndGrace(ms(10), ms(5)))
        .to("out", TO_STRINGS);
  }

  public static void joinLeft(StreamsBuilder b) {
    b.stream("left", STRINGS)
        .leftJoin(b.stream("right", STRINGS), (l, r) -> l + "+" + show(r), JoinWindows.ofTimeDifferenceAndGrace(ms(10), ms(5)))
        .to("out", TO_STRINGS);
  }

  public static void joinOuter(StreamsBuilder b) {
    b.stream("left", STRINGS)
        .outerJoin(
            b.stream("right", STRINGS), (l, r) -> show(l) + "+" + show(r), JoinWindows.ofTimeDifferenceAndGrace(ms(10), ms(5)))
        .to("out", TO_STRINGS);
  }

  public static void joinLeftLate(StreamsBuilder b) {
    b.stream("left", STRINGS)
        .leftJoin(b.stream("right", STRINGS), (l, r) -> l + "+" + show(r), JoinWindows.ofTimeDifferenceWithNoGrace(ms(10)))
        .to("out", TO_STRINGS);
  }

  public static void joinLeftNoWallClock(StreamsBuilder b) {
    joinLeftLate(b);
  }

  public static void joinInnerLate(StreamsBuilder b) {
    joinInner(b);
  }

  public static void joinOuterLate(StreamsBuilder b) {
    joinOuter(b);
  }

  public static void joinAsymmetric(StreamsBuilder b) {
    b.stream("left", STRINGS)
        .join(
            b.stream("right", STRINGS),
            (l, r) -> l + "+" + r,
            JoinWindows.ofTimeDifferenceAndGrace(ms(10), ms(100)).before(ms(0)))
        .to("out", TO_STRINGS);
  }

  public static void joinNullKeys(StreamsBuilder b) {
    KStream<String, String> left = b.stream("left", STRINGS);
    KStream<String, String> right = b.stream("right", STRINGS);
    left.join(right, (l, r) -> show(l) + "+" + show(r), JoinWindows.ofTimeDifferenceAndGrace(ms(10), ms(0))).to("inner", TO_STRINGS);
    left.outerJoin(right, (l, r) -> show(l) + "+" + show(r), JoinWindows.ofTimeDifferenceAndGrace(ms(10), ms(0)))
        .to("outer", TO_STRINGS);
  }

  public static void streamTableJoin(StreamsBuilder b) {
    KTable<String, String> table = b.table("table", STRINGS);
    KStream<String, String> stream = b.stream("stream", STRINGS);
    stream.join(table, (v, t) -> v + "@" + t).to("inner", TO_STRINGS);
    stream.leftJoin(table, (v, t) -> v + "@" + show(t)).to("left", TO_STRINGS);
  }

  public static void streamTableNullKeyInner(StreamsBuilder b) {
    b.stream("stream", STRINGS).join(b.table("table", STRINGS), (v, t) -> v + "@" + t).to("out", TO_STRINGS);
  }

  public static void streamTableNullKeyLeft(StreamsBuilder b) {
    b.stream("stream", STRINGS).leftJoin(b.table("table", STRINGS), (v, t) -> v + "@" + show(t)).to("out", TO_STRINGS);
  }

  public static void streamGlobalTableJoin(StreamsBuilder b) {
    GlobalKTable<String, String> customers =
        b.globalTable("customers", STRINGS, Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as("customers"));
    KStream<String, String> orders = b.stream("orders", STRINGS);
    orders.join(customers, (k, v) -> v, (v, c) -> v + ":" + c).to("inner", TO_STRINGS);
    orders.leftJoin(customers, (k, v) -> v, (v, c) -> v + ":" + show(c)).to("left", TO_STRINGS);
  }

  public static void joinManyPartners(StreamsBuilder b) {
    b.stream("left", STRINGS)
        .leftJoin(b.stream("right", STRINGS), (l, r) -> l + "+" + show(r), JoinWindows.ofTimeDifferenceAndGrace(ms(10), ms(0)))
        .to("out", TO_STRINGS);
  }

  public static void streamTableJoinAggregate(StreamsBuilder b) {
    KTable<String, Long> counts = b.stream("clicks", STRINGS).groupByKey().count();
    b.stream("orders", STRINGS)
        .leftJoin(counts, (order, n) -> order + ":" + (n == null ? 0 : n))
        .to("out", TO_STRINGS);
  }

  public static void joinAfterSelectKey(StreamsBuilder b) {
    b.stream("left", STRINGS)
        .selectKey((k, v) -> v.substring(0, 1))
        .join(b.stream("right", STRINGS), (l, r) -> l + "+" + r, JoinWindows.ofTimeDifferenceAndGrace(ms(10), ms(5)))
        .to("out", TO_STRINGS);
  }

  public static void joinOuterUnpairedOrder(StreamsBuilder b) {
    joinOuter(b);
  }

  public static void joinOuterUnpairedInOrder(StreamsBuilder b) {
    joinOuter(b);
  }

  public static void joinRightFirst(StreamsBuilder b) {
    b.stream("left", STRINGS)
        .join(b.stream("right", STRINGS), (l, r) -> l + "+" + r, JoinWindows.ofTimeDifferenceAndGrace(ms(5), ms(5)))
        .to("out", TO_STRINGS);
  }

  public static void joinLeftPartnerAfterNull(StreamsBuilder b) {
    joinLeftLate(b);
  }

  public static void joinOuterPairsBothWays(StreamsBuilder b) {
    b.stream("left", STRINGS)
        .outerJoin(
            b.stream("right", STRINGS), (l, r) -> show(l) + "+" + show(r), JoinWindows.ofTimeDifferenceAndGrace(ms(5), ms(0)))
        .to("out", TO_STRINGS);
  }

  public static void globalTableUpdates(StreamsBuilder b) {
    GlobalKTable<String, String> g = b.globalTable("g", STRINGS);
    b.stream("in", STRINGS).join(g, (k, v) -> k, (v, gv) -> v + ":" + gv).to("out", TO_STRINGS);
  }

  public static void filterBeforeJoin(StreamsBuilder b) {
    b.stream("left", STRINGS)
        .leftJoin(
            b.stream("right", STRINGS).filter((k, v) -> !"B".equals(k)),
            (l, r) -> l + "+" + show(r),
            JoinWindows.ofTimeDifferenceWithNoGrace(ms(10)))
        .to("out", TO_STRINGS);
  }

  public static void joinLeftLateThenPair(StreamsBuilder b) {
    joinLeftLate(b);
  }
}
