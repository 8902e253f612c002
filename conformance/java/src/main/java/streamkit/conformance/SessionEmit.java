package streamkit.conformance;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.EmitStrategy;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.SessionWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.kstream.WindowedSerdes;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.apache.kafka.streams.state.SessionStore;

/** Twins of conformance/scenarios/session-emit.ts. */
public final class SessionEmit {
  static final Consumed<String, String> STRINGS = Consumed.with(Serdes.String(), Serdes.String());
  static final Produced<Windowed<String>, Long> SESSION_LONGS =
      Produced.with(WindowedSerdes.sessionWindowedSerdeFrom(String.class), Serdes.Long());
  static final Produced<Windowed<String>, String> SESSION_STRINGS =
      Produced.with(WindowedSerdes.sessionWindowedSerdeFrom(String.class), Serdes.String());

  static Duration ms(long ms) {
    return Duration.ofMillis(ms);
  }

  static void closedCounts(StreamsBuilder b, SessionWindows windows, Long retentionMs, boolean inMemory) {
    Materialized<String, Long, SessionStore<Bytes, byte[]>> stored =
        Materialized.<String, Long, SessionStore<Bytes, byte[]>>as("sessions")
            .withStoreType(
                inMemory
                    ? new BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers()
                    : new BuiltInDslStoreSuppliers.RocksDBDslStoreSuppliers());
    b.stream("in", STRINGS)
        .groupByKey()
        .windowedBy(windows)
        .emitStrategy(EmitStrategy.onWindowClose())
        .count(retentionMs == null ? stored : stored.withRetention(ms(retentionMs)))
        .toStream()
        .to("out", SESSION_LONGS);
  }

  public static void sessionEmitOnCloseCount(StreamsBuilder b) {
    closedCounts(b, SessionWindows.ofInactivityGapWithNoGrace(ms(10)), 100L, true);
  }

  public static void sessionEmitOnCloseDefaultRetention(StreamsBuilder b) {
    closedCounts(b, SessionWindows.ofInactivityGapWithNoGrace(ms(10)), null, true);
  }

  public static void sessionEmitOnClosePersistent(StreamsBuilder b) {
    closedCounts(b, SessionWindows.ofInactivityGapWithNoGrace(ms(10)), null, false);
  }

  public static void sessionEmitOnClosePersistentSegments(StreamsBuilder b) {
    closedCounts(b, SessionWindows.ofInactivityGapWithNoGrace(ms(10)), null, false);
  }

  public static void sessionEmitOnCloseMerge(StreamsBuilder b) {
    closedCounts(b, SessionWindows.ofInactivityGapAndGrace(ms(10), ms(5)), 100L, true);
  }

  public static void sessionEmitOnCloseBoundary(StreamsBuilder b) {
    closedCounts(b, SessionWindows.ofInactivityGapWithNoGrace(ms(10)), 100L, true);
  }

  public static void sessionEmitOnCloseGraceLate(StreamsBuilder b) {
    closedCounts(b, SessionWindows.ofInactivityGapAndGrace(ms(5), ms(10)), 200L, true);
  }

  public static void sessionEmitOnCloseJump(StreamsBuilder b) {
    closedCounts(b, SessionWindows.ofInactivityGapWithNoGrace(ms(5)), 100L, true);
  }

  public static void sessionEmitOnCloseReopened(StreamsBuilder b) {
    closedCounts(b, SessionWindows.ofInactivityGapWithNoGrace(ms(10)), 100L, true);
  }

  public static void sessionEmitOnCloseNulls(StreamsBuilder b) {
    closedCounts(b, SessionWindows.ofInactivityGapWithNoGrace(ms(10)), 100L, true);
  }

  public static void sessionEmitOnCloseReduce(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .filter((k, v) -> !"skip".equals(v))
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(ms(10), ms(2)))
        .emitStrategy(EmitStrategy.onWindowClose())
        .reduce(
            (aggregate, value) -> aggregate + "+" + value,
            Materialized.<String, String, SessionStore<Bytes, byte[]>>as("reduced")
                .withStoreType(new BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers())
                .withRetention(ms(100)))
        .toStream()
        .to("out", SESSION_STRINGS);
  }
}
