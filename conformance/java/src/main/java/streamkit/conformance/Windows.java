package streamkit.conformance;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.EmitStrategy;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.SlidingWindows;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.kstream.WindowedSerdes;
import org.apache.kafka.streams.state.WindowStore;

/** Twins of conformance/scenarios/windows.ts. */
public final class Windows {
  static final Consumed<String, String> STRINGS = Consumed.with(Serdes.String(), Serdes.String());

  static Duration ms(long ms) {
    return Duration.ofMillis(ms);
  }

  static void emit(KTable<Windowed<String>, Long> table, String topic, long size) {
    table.toStream().to(topic, Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class, size), Serdes.Long()));
  }

  public static void tumblingCountGrace(StreamsBuilder b) {
    emit(b.stream("in", STRINGS).groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(ms(10), ms(5))).count(), "out", 10);
  }

  public static void tumblingOutOfOrder(StreamsBuilder b) {
    tumblingCountGrace(b);
  }

  public static void tumblingNoGrace(StreamsBuilder b) {
    emit(b.stream("in", STRINGS).groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(ms(10))).count(), "out", 10);
  }

  public static void hoppingCount(StreamsBuilder b) {
    emit(
        b.stream("in", STRINGS).groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(ms(10), ms(2)).advanceBy(ms(5))).count(),
        "out",
        10);
  }

  public static void tumblingSuppress(StreamsBuilder b) {
    emit(
        b.stream("in", STRINGS)
            .groupByKey()
            .windowedBy(TimeWindows.ofSizeAndGrace(ms(10), ms(5)))
            .count()
            .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded())),
        "out",
        10);
  }

  public static void hoppingSuppress(StreamsBuilder b) {
    emit(
        b.stream("in", STRINGS)
            .groupByKey()
            .windowedBy(TimeWindows.ofSizeWithNoGrace(ms(10)).advanceBy(ms(5)))
            .count()
            .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded())),
        "out",
        10);
  }

  public static void tumblingStore(StreamsBuilder b) {
    emit(
        b.stream("in", STRINGS)
            .groupByKey()
            .windowedBy(TimeWindows.ofSizeAndGrace(ms(10), ms(100)))
            .count(Materialized.<String, Long, WindowStore<Bytes, byte[]>>as("windows").withRetention(ms(1000))),
        "out",
        10);
  }

  public static void tumblingReduce(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .windowedBy(TimeWindows.ofSizeAndGrace(ms(10), ms(0)))
        .reduce((agg, v) -> agg + v)
        .toStream()
        .to("out", Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class, 10), Serdes.String()));
  }

  public static void filterBeforeWindow(StreamsBuilder b) {
    emit(
        b.stream("in", STRINGS)
            .filter((k, v) -> !"drop".equals(v))
            .groupByKey()
            .windowedBy(TimeWindows.ofSizeWithNoGrace(ms(10)))
            .count(),
        "out",
        10);
  }

  public static void slidingCount(StreamsBuilder b) {
    emit(b.stream("in", STRINGS).groupByKey().windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(ms(10), ms(5))).count(), "out", 10);
  }

  public static void slidingInOrder(StreamsBuilder b) {
    slidingCount(b);
  }

  public static void slidingSuppress(StreamsBuilder b) {
    emit(
        b.stream("in", STRINGS)
            .groupByKey()
            .windowedBy(SlidingWindows.ofTimeDifferenceWithNoGrace(ms(10)))
            .count()
            .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded())),
        "out",
        10);
  }

  public static void slidingEarlyRecords(StreamsBuilder b) {
    emit(b.stream("in", STRINGS).groupByKey().windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(ms(10), ms(20))).count(), "out", 10);
  }

  public static void hoppingLateKeys(StreamsBuilder b) {
    emit(
        b.stream("in", STRINGS).groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(ms(20), ms(3)).advanceBy(ms(5))).count(),
        "out",
        20);
  }

  public static void tumblingAggregateStore(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .windowedBy(TimeWindows.ofSizeAndGrace(ms(10), ms(10)))
        .aggregate(
            () -> "",
            (k, v, agg) -> agg + v,
            Materialized.<String, String, WindowStore<Bytes, byte[]>>as("concat").withValueSerde(Serdes.String()))
        .toStream()
        .to("out", Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class, 10), Serdes.String()));
  }

  public static void tumblingSuppressKeys(StreamsBuilder b) {
    emit(
        b.stream("in", STRINGS)
            .groupByKey()
            .windowedBy(TimeWindows.ofSizeAndGrace(ms(10), ms(2)))
            .count()
            .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded())),
        "out",
        10);
  }

  public static void slidingReduceLate(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(ms(5), ms(2)))
        .reduce((agg, v) -> agg + v)
        .toStream()
        .to("out", Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class, 5), Serdes.String()));
  }

  public static void countThenFilter(StreamsBuilder b) {
    emit(
        b.stream("in", STRINGS)
            .groupByKey()
            .windowedBy(TimeWindows.ofSizeWithNoGrace(ms(10)))
            .count()
            .filter((k, n) -> n >= 2),
        "out",
        10);
  }

  public static void tumblingStoreDefaultRetention(StreamsBuilder b) {
    emit(
        b.stream("in", STRINGS)
            .groupByKey()
            .windowedBy(TimeWindows.ofSizeWithNoGrace(ms(10)))
            .count(Materialized.<String, Long, WindowStore<Bytes, byte[]>>as("w")),
        "out",
        10);
  }

  public static void slidingStore(StreamsBuilder b) {
    emit(
        b.stream("in", STRINGS)
            .groupByKey()
            .windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(ms(10), ms(10)))
            .count(Materialized.<String, Long, WindowStore<Bytes, byte[]>>as("s")),
        "out",
        10);
  }

  public static void slidingPreviousRightWindow(StreamsBuilder b) {
    slidingCount(b);
  }

  public static void slidingStoreExpiry(StreamsBuilder b) {
    slidingCount(b);
  }

  public static void slidingStoreExpiryInMemory(StreamsBuilder b) {
    emit(
        b.stream("in", STRINGS)
            .groupByKey()
            .windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(ms(10), ms(5)))
            .count(Materialized.<String, Long, WindowStore<Bytes, byte[]>>as("sliding-mem")),
        "out",
        10);
  }

  static final EmitStrategy ON_CLOSE = EmitStrategy.onWindowClose();

  public static void tumblingEmitOnClose(StreamsBuilder b) {
    emit(
        b.stream("in", STRINGS)
            .groupByKey()
            .windowedBy(TimeWindows.ofSizeAndGrace(ms(10), ms(5)))
            .emitStrategy(ON_CLOSE)
            .count(Materialized.<String, Long, WindowStore<Bytes, byte[]>>as("closing")),
        "out",
        10);
  }

  public static void tumblingEmitOnCloseWallClock(StreamsBuilder b) {
    emit(
        b.stream("in", STRINGS)
            .groupByKey()
            .windowedBy(TimeWindows.ofSizeAndGrace(ms(10), ms(5)))
            .emitStrategy(ON_CLOSE)
            .count(Materialized.<String, Long, WindowStore<Bytes, byte[]>>as("still")),
        "out",
        10);
  }

  public static void tumblingEmitOnCloseBoundary(StreamsBuilder b) {
    emit(
        b.stream("in", STRINGS)
            .groupByKey()
            .windowedBy(TimeWindows.ofSizeAndGrace(ms(10), ms(5)))
            .emitStrategy(ON_CLOSE)
            .count(Materialized.<String, Long, WindowStore<Bytes, byte[]>>as("boundary")),
        "out",
        10);
  }

  public static void hoppingEmitOnClose(StreamsBuilder b) {
    emit(
        b.stream("in", STRINGS)
            .groupByKey()
            .windowedBy(TimeWindows.ofSizeWithNoGrace(ms(10)).advanceBy(ms(5)))
            .emitStrategy(ON_CLOSE)
            .count(Materialized.<String, Long, WindowStore<Bytes, byte[]>>as("hopping")),
        "out",
        10);
  }

  public static void hoppingEmitOnCloseGrace(StreamsBuilder b) {
    emit(
        b.stream("in", STRINGS)
            .groupByKey()
            .windowedBy(TimeWindows.ofSizeAndGrace(ms(10), ms(10)).advanceBy(ms(5)))
            .emitStrategy(ON_CLOSE)
            .count(),
        "out",
        10);
  }

  public static void tumblingEmitOnUpdate(StreamsBuilder b) {
    emit(
        b.stream("in", STRINGS)
            .groupByKey()
            .windowedBy(TimeWindows.ofSizeAndGrace(ms(10), ms(5)))
            .emitStrategy(EmitStrategy.onWindowUpdate())
            .count(),
        "out",
        10);
  }

  public static void slidingEmitOnClose(StreamsBuilder b) {
    emit(
        b.stream("in", STRINGS)
            .groupByKey()
            .windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(ms(10), ms(5)))
            .emitStrategy(ON_CLOSE)
            .count(Materialized.<String, Long, WindowStore<Bytes, byte[]>>as("sliding-closing")),
        "out",
        10);
  }

  public static void tumblingSuppressBounded(StreamsBuilder b) {
    emit(
        b.stream("in", STRINGS)
            .groupByKey()
            .windowedBy(TimeWindows.ofSizeWithNoGrace(ms(10)))
            .count()
            .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.maxRecords(2).shutDownWhenFull())),
        "out",
        10);
  }

  public static void tumblingSuppressShutDownWhenFull(StreamsBuilder b) {
    emit(
        b.stream("in", STRINGS)
            .groupByKey()
            .windowedBy(TimeWindows.ofSizeWithNoGrace(ms(10)))
            .count()
            .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.maxRecords(1).shutDownWhenFull())),
        "out",
        10);
  }
}
