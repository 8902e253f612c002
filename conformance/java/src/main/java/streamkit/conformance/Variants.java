package streamkit.conformance;

import org.apache.kafka.streams.StreamsBuilder;

/** Twins of conformance/scenarios/variants.ts: each delegates to the twin of the scenario it varies. */
public final class Variants {
  public static void countSingleRecord(StreamsBuilder b) {
    Aggregations.countByKey(b);
  }

  public static void countEmptyValues(StreamsBuilder b) {
    Aggregations.countByKey(b);
  }

  public static void tumblingFarApart(StreamsBuilder b) {
    Windows.tumblingNoGrace(b);
  }

  public static void hoppingSameTimestamp(StreamsBuilder b) {
    Windows.hoppingCount(b);
  }

  public static void slidingSameTimestamp(StreamsBuilder b) {
    Windows.slidingCount(b);
  }

  public static void sessionSameTimestamp(StreamsBuilder b) {
    Sessions.sessionNewSessionsOutput(b);
  }

  public static void joinSameTimestamp(StreamsBuilder b) {
    Joins.joinInner(b);
  }

  public static void joinManyKeys(StreamsBuilder b) {
    Joins.joinInner(b);
  }

  public static void streamTableManyUpdates(StreamsBuilder b) {
    Joins.streamTableJoin(b);
  }

  public static void tableJoinSameTimestamp(StreamsBuilder b) {
    Tables.tableJoinInner(b);
  }

  public static void groupedTableAllDeleted(StreamsBuilder b) {
    Tables.groupedTableCount(b);
  }

  public static void tableFilterNothingPasses(StreamsBuilder b) {
    Tables.tableFilter(b);
  }

  public static void reduceManyValues(StreamsBuilder b) {
    Aggregations.reduceConcat(b);
  }

  public static void tumblingSuppressSingle(StreamsBuilder b) {
    Windows.tumblingSuppress(b);
  }

  public static void mergeSameTimestamp(StreamsBuilder b) {
    Stateless.mergeStreams(b);
  }

  public static void filterMapValuesUnicode(StreamsBuilder b) {
    Stateless.filterMapValues(b);
  }
}
