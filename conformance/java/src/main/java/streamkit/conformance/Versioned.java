package streamkit.conformance;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.ValueJoiner;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.apache.kafka.streams.state.VersionedRecord;

/** Twins of conformance/scenarios/versioned.ts. */
public final class Versioned {
  static final Consumed<String, String> STRINGS = Consumed.with(Serdes.String(), Serdes.String());
  static final Produced<String, String> TO_STRINGS = Produced.with(Serdes.String(), Serdes.String());
  static final Produced<String, Long> TO_LONGS = Produced.with(Serdes.String(), Serdes.Long());

  static String show(String v) {
    return v == null ? "null" : v;
  }

  static Materialized<String, String, KeyValueStore<Bytes, byte[]>> versioned(String name, long retentionMs) {
    return Materialized.as(Stores.persistentVersionedKeyValueStore(name, Duration.ofMillis(retentionMs)));
  }

  static void tableToOut(StreamsBuilder b, long retentionMs) {
    b.table("t", STRINGS, versioned("vt", retentionMs)).toStream().to("out", TO_STRINGS);
  }

  static void streamJoin(StreamsBuilder b, boolean left, Long graceMs) {
    KTable<String, String> table = b.table("t", STRINGS, versioned("vt", 100));
    KStream<String, String> stream = b.stream("s", STRINGS);
    ValueJoiner<String, String, String> joiner = (v, tv) -> v + "+" + show(tv);
    Joined<String, String, String> joined = Joined.with(Serdes.String(), Serdes.String(), Serdes.String());
    if (graceMs != null) joined = joined.withGracePeriod(Duration.ofMillis(graceMs));
    (left ? stream.leftJoin(table, joiner, joined) : stream.join(table, joiner, joined)).to("out", TO_STRINGS);
  }

  public static void versionedTableInOrder(StreamsBuilder b) {
    tableToOut(b, 100);
  }

  public static void versionedTableOutOfOrder(StreamsBuilder b) {
    tableToOut(b, 100);
  }

  public static void versionedTableRetention(StreamsBuilder b) {
    tableToOut(b, 10);
  }

  public static void versionedTableTombstones(StreamsBuilder b) {
    tableToOut(b, 100);
  }

  public static void versionedTableDeleteSameTime(StreamsBuilder b) {
    tableToOut(b, 20);
  }

  public static void versionedStreamJoinAsOf(StreamsBuilder b) {
    streamJoin(b, false, null);
  }

  public static void versionedStreamLeftJoinAsOf(StreamsBuilder b) {
    streamJoin(b, true, null);
  }

  public static void versionedStreamJoinRetention(StreamsBuilder b) {
    streamJoin(b, true, null);
  }

  public static void versionedStreamJoinGrace(StreamsBuilder b) {
    streamJoin(b, false, 10L);
  }

  public static void versionedStreamLeftJoinGraceOrder(StreamsBuilder b) {
    streamJoin(b, true, 5L);
  }

  public static void versionedStreamJoinGraceZero(StreamsBuilder b) {
    streamJoin(b, false, 0L);
  }

  public static void versionedTableTableJoin(StreamsBuilder b) {
    KTable<String, String> left = b.table("t", STRINGS, versioned("vt", 100));
    KTable<String, String> right = b.table("u", STRINGS, versioned("vu", 100));
    left.leftJoin(right, (l, r) -> l + "+" + show(r)).toStream().to("out", TO_STRINGS);
  }

  public static void versionedTableFilterJoin(StreamsBuilder b) {
    KTable<String, String> left = b.table("t", STRINGS, versioned("vt", 100)).filter((k, v) -> !v.startsWith("x"));
    KTable<String, String> right = b.table("u", STRINGS);
    left.join(right, (l, r) -> l + "+" + r).toStream().to("out", TO_STRINGS);
    left.toStream().to("filtered", TO_STRINGS);
  }

  public static void versionedTableGroupBy(StreamsBuilder b) {
    b.table("t", STRINGS, versioned("vt", 100))
        .groupBy((user, city) -> KeyValue.pair(city, user), Grouped.with("by-city", Serdes.String(), Serdes.String()))
        .count()
        .toStream()
        .to("out", TO_LONGS);
  }

  public static void versionedProcessorStore(StreamsBuilder b) {
    b.addStateStore(
        Stores.versionedKeyValueStoreBuilder(
            Stores.persistentVersionedKeyValueStore("ps", Duration.ofMillis(20)), Serdes.String(), Serdes.String()));
    b.stream("in", STRINGS)
        .process(
            () ->
                new Processor<String, String, String, String>() {
                  private ProcessorContext<String, String> context;
                  private VersionedKeyValueStore<String, String> store;

                  @Override
                  public void init(ProcessorContext<String, String> context) {
                    this.context = context;
                    this.store = context.getStateStore("ps");
                  }

                  @Override
                  public void process(Record<String, String> record) {
                    if (record.value().equals("DEL")) {
                      VersionedRecord<String> deleted = store.delete(record.key(), record.timestamp());
                      String said =
                          deleted == null
                              ? "none"
                              : deleted.value() + "@" + deleted.timestamp() + "/"
                                  + deleted.validTo().map(String::valueOf).orElse("-");
                      context.forward(record.withValue("deleted:" + said));
                      return;
                    }
                    long code =
                        store.put(record.key(), record.value().equals("NULL") ? null : record.value(), record.timestamp());
                    String said = code == VersionedKeyValueStore.PUT_RETURN_CODE_NOT_PUT ? "NOT_PUT" : String.valueOf(code);
                    context.forward(record.withValue("put:" + said));
                  }
                },
            "ps")
        .to("out", TO_STRINGS);
  }

  public static void versionedFilterMaterialized(StreamsBuilder b) {
    KTable<String, String> kept = b.table("t", STRINGS).filter((k, v) -> !v.startsWith("x"), versioned("vf", 100));
    kept.toStream().to("filtered", TO_STRINGS);
    b.stream("s", STRINGS).join(kept, (v, tv) -> v + "+" + tv).to("out", TO_STRINGS);
  }

  public static void versionedMapValuesGroupBy(StreamsBuilder b) {
    b.table("t", STRINGS)
        .mapValues(v -> v.toUpperCase(), versioned("vm", 100))
        .groupBy((user, city) -> KeyValue.pair(city, user), Grouped.with("by-city", Serdes.String(), Serdes.String()))
        .count()
        .toStream()
        .to("out", TO_LONGS);
  }

  public static void versionedJoinResultMaterialized(StreamsBuilder b) {
    KTable<String, String> joined =
        b.table("t", STRINGS).join(b.table("u", STRINGS), (l, r) -> l + "+" + r, versioned("vj", 100));
    b.stream("s", STRINGS).leftJoin(joined, (v, jv) -> v + ":" + show(jv)).to("out", TO_STRINGS);
  }

  public static void versionedDerivedTableJoinAsOf(StreamsBuilder b) {
    KTable<String, String> upper = b.table("t", STRINGS, versioned("vt", 100)).mapValues(v -> v.toUpperCase());
    b.stream("s", STRINGS).leftJoin(upper, (v, tv) -> v + "+" + show(tv)).to("out", TO_STRINGS);
  }
}
