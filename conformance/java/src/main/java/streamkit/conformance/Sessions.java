package streamkit.conformance;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.SessionWindows;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.kstream.WindowedSerdes;
import org.apache.kafka.streams.state.SessionStore;

/** Twins of conformance/scenarios/sessions.ts. */
public final class Sessions {
  static final Consumed<String, String> STRINGS = Consumed.with(Serdes.String(), Serdes.String());
  static final Produced<Windowed<String>, Long> SESSION_LONGS =
      Produced.with(WindowedSerdes.sessionWindowedSerdeFrom(String.class), Serdes.Long());

  static Duration ms(long ms) {
    return Duration.ofMillis(ms);
  }

  public static void sessionWindowLate(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(ms(10)))
        .count(Materialized.<String, Long, SessionStore<Bytes, byte[]>>as("sessions"))
        .toStream()
        .to("out", SESSION_LONGS);
  }

  public static void sessionMerge(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(ms(10), ms(100)))
        .count(Materialized.<String, Long, SessionStore<Bytes, byte[]>>as("sessions"))
        .toStream()
        .to("out", SESSION_LONGS);
  }

  public static void sessionGraceLate(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(ms(5), ms(10)))
        .count()
        .toStream()
        .to("out", SESSION_LONGS);
  }

  public static void sessionSuppress(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(ms(10), ms(0)))
        .count()
        .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
        .toStream()
        .to("out", SESSION_LONGS);
  }

  public static void sessionAggregate(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(ms(10), ms(50)))
        .aggregate(
            () -> "",
            (k, v, agg) -> agg + v,
            (k, left, right) -> left + "|" + right,
            Materialized.<String, String, SessionStore<Bytes, byte[]>>as("agg").withValueSerde(Serdes.String()))
        .toStream()
        .to("out", Produced.with(WindowedSerdes.sessionWindowedSerdeFrom(String.class), Serdes.String()));
  }

  public static void sessionNewSessions(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(ms(10), ms(20)))
        .count(Materialized.<String, Long, SessionStore<Bytes, byte[]>>as("sessions"))
        .toStream()
        .to("out", SESSION_LONGS);
  }

  public static void sessionNewSessionsOutput(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(ms(10), ms(20)))
        .count()
        .toStream()
        .to("out", SESSION_LONGS);
  }

  public static void sessionSameWindow(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(ms(10), ms(100)))
        .count()
        .toStream()
        .to("out", SESSION_LONGS);
  }

  public static void sessionBridgeExpired(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(ms(10)))
        .count()
        .toStream()
        .to("out", SESSION_LONGS);
  }

  public static void sessionKeysStore(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(ms(5), ms(100)))
        .aggregate(
            () -> "",
            (k, v, agg) -> agg + v,
            (k, l, r) -> l + r,
            Materialized.<String, String, SessionStore<Bytes, byte[]>>as("s").withValueSerde(Serdes.String()))
        .toStream()
        .to("out", Produced.with(WindowedSerdes.sessionWindowedSerdeFrom(String.class), Serdes.String()));
  }

  public static void sessionMergeThree(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(ms(5), ms(100)))
        .count()
        .toStream()
        .to("out", SESSION_LONGS);
  }

  public static void sessionLongRetention(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(ms(10)))
        .count(Materialized.<String, Long, SessionStore<Bytes, byte[]>>as("long").withRetention(ms(1000)))
        .toStream()
        .to("out", SESSION_LONGS);
  }

  static void reduceSessions(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(ms(10)))
        .reduce(
            (agg, v) -> agg + "+" + (v == null ? "null" : v),
            Materialized.<String, String, SessionStore<Bytes, byte[]>>as("reduced").withValueSerde(Serdes.String()))
        .toStream()
        .to("out", Produced.with(WindowedSerdes.sessionWindowedSerdeFrom(String.class), Serdes.String()));
  }

  public static void sessionReduce(StreamsBuilder b) {
    reduceSessions(b);
  }

  public static void sessionReduceNulls(StreamsBuilder b) {
    reduceSessions(b);
  }
}
