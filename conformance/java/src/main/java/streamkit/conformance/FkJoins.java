package streamkit.conformance;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/** Twins of conformance/scenarios/fk-joins.ts. */
public final class FkJoins {
  static final Consumed<String, String> STRINGS = Consumed.with(Serdes.String(), Serdes.String());
  static final Produced<String, String> TO_STRINGS = Produced.with(Serdes.String(), Serdes.String());

  static String show(String v) {
    return v == null ? "null" : v;
  }

  static String customerOf(String order) {
    String customer = order.split(":")[0];
    return customer.equals("none") ? null : customer;
  }

  public static void fkJoinInner(StreamsBuilder b) {
    b.table("orders", STRINGS)
        .join(b.table("customers", STRINGS), FkJoins::customerOf, (order, name) -> order + "/" + name)
        .toStream()
        .to("out", TO_STRINGS);
  }

  public static void fkJoinLeft(StreamsBuilder b) {
    b.table("orders", STRINGS)
        .leftJoin(b.table("customers", STRINGS), FkJoins::customerOf, (order, name) -> order + "/" + show(name))
        .toStream()
        .to("out", TO_STRINGS);
  }

  public static void fkJoinNullForeignKeyInner(StreamsBuilder b) {
    fkJoinInner(b);
  }

  public static void fkJoinNullForeignKeyLeft(StreamsBuilder b) {
    fkJoinLeft(b);
  }

  public static void fkJoinMaterializedFiltered(StreamsBuilder b) {
    b.table("orders", STRINGS)
        .join(
            b.table("customers", STRINGS),
            FkJoins::customerOf,
            (order, name) -> order + "/" + name,
            Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as("order-view"))
        .filter((k, v) -> !v.contains("cup"))
        .toStream()
        .to("out", TO_STRINGS);
  }

  public static void fkJoinSourceLeftJoinChain(StreamsBuilder b) {
    KTable<String, String> customers = b.table("customers", STRINGS);
    KTable<String, String> mapped = b.table("orders", STRINGS).mapValues(v -> v.toUpperCase().toLowerCase());
    mapped
        .join(customers, FkJoins::customerOf, (order, name) -> order + "/" + name)
        .leftJoin(b.table("notes", STRINGS), (view, note) -> view + "+" + show(note))
        .toStream()
        .to("out", TO_STRINGS);
  }

  public static void fkJoinTimestamps(StreamsBuilder b) {
    fkJoinInner(b);
  }
}
