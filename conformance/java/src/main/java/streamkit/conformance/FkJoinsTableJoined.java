package streamkit.conformance;

import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TableJoined;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.KeyValueStore;

/** Twins of conformance/scenarios/fk-joins-table-joined.ts. */
public final class FkJoinsTableJoined {
  static final Consumed<String, String> STRINGS = Consumed.with(Serdes.String(), Serdes.String());
  static final Produced<String, String> TO_STRINGS = Produced.with(Serdes.String(), Serdes.String());

  static String show(String v) {
    return v == null ? "null" : v;
  }

  static String customerOf(String order) {
    String customer = order.split(":")[0];
    return customer.equals("none") ? null : customer;
  }

  /** The only partition, for keys `accepts` takes on the topic `topic`; anything else fails the task. */
  static StreamPartitioner<String, Void> checking(String topic, Predicate<String> accepts) {
    return (actualTopic, key, value, numPartitions) -> {
      if (!actualTopic.equals(topic) || value != null || numPartitions != 1 || !accepts.test(key)) {
        throw new IllegalStateException(
            "partitioner: unexpected " + actualTopic + " " + key + " " + value + " " + numPartitions);
      }
      return Optional.of(Set.of(0));
    };
  }

  static KTable<String, String> orders(StreamsBuilder b) {
    return b.table("orders", STRINGS);
  }

  public static void fkJoinTableJoinedNamed(StreamsBuilder b) {
    TableJoined<String, String> joined =
        TableJoined.<String, String>with(
                checking("app-by-customer-subscription-response-topic", k -> k.startsWith("o")),
                checking("app-by-customer-subscription-registration-topic", k -> k.startsWith("c")))
            .withName("by-customer");
    orders(b)
        .join(
            b.table("customers", STRINGS),
            FkJoinsTableJoined::customerOf,
            (order, name) -> order + "/" + name,
            joined,
            Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as("order-view"))
        .toStream()
        .to("out", TO_STRINGS);
  }

  public static void fkJoinTableJoinedUnnamed(StreamsBuilder b) {
    orders(b)
        .join(
            b.table("customers", STRINGS),
            FkJoinsTableJoined::customerOf,
            (order, name) -> order + "/" + name,
            TableJoined.with(
                checking("app-KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000014-topic", k -> k.startsWith("o")),
                checking("app-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic", k -> k.startsWith("c"))))
        .toStream()
        .to("out", TO_STRINGS);
  }

  public static void fkJoinTableJoinedLeft(StreamsBuilder b) {
    orders(b)
        .leftJoin(
            b.table("customers", STRINGS),
            FkJoinsTableJoined::customerOf,
            (order, name) -> order + "/" + show(name),
            TableJoined.<String, String>as("left-by-customer")
                .withOtherPartitioner(
                    checking("app-left-by-customer-subscription-registration-topic", k -> k == null || k.startsWith("c"))))
        .toStream()
        .to("out", TO_STRINGS);
  }

  public static void fkJoinOtherPartitionerFails(StreamsBuilder b) {
    orders(b)
        .join(
            b.table("customers", STRINGS),
            FkJoinsTableJoined::customerOf,
            (order, name) -> order + "/" + name,
            TableJoined.<String, String>as("fails")
                .withOtherPartitioner(checking("app-fails-subscription-registration-topic", k -> !k.equals("c2"))))
        .toStream()
        .to("out", TO_STRINGS);
  }

  public static void fkJoinPartitionerFails(StreamsBuilder b) {
    orders(b)
        .join(
            b.table("customers", STRINGS),
            FkJoinsTableJoined::customerOf,
            (order, name) -> order + "/" + name,
            TableJoined.<String, String>as("fails")
                .withPartitioner(checking("app-fails-subscription-response-topic", k -> !k.equals("o2"))))
        .toStream()
        .to("out", TO_STRINGS);
  }

  static String customerFor(String id, String order) {
    return id.startsWith("vip") ? "c1" : customerOf(order);
  }

  public static void fkJoinKeyExtractor(StreamsBuilder b) {
    KTable<String, String> customers = b.table("customers", STRINGS);
    KTable<String, String> orderTable = orders(b);
    orderTable
        .join(customers, FkJoinsTableJoined::customerFor, (order, name) -> order + "/" + name)
        .toStream()
        .to("inner", TO_STRINGS);
    orderTable
        .leftJoin(
            customers,
            FkJoinsTableJoined::customerFor,
            (order, name) -> order + "/" + show(name),
            TableJoined.as("vip"))
        .toStream()
        .to("left", TO_STRINGS);
  }

  public static void fkJoinTableJoinedThenUnnamed(StreamsBuilder b) {
    KTable<String, String> customers = b.table("customers", STRINGS);
    KTable<String, String> orderTable = orders(b);
    orderTable
        .join(
            customers,
            FkJoinsTableJoined::customerOf,
            (order, name) -> "a:" + order + "/" + name,
            TableJoined.as("first"))
        .toStream()
        .to("out", TO_STRINGS);
    orderTable
        .leftJoin(
            customers,
            FkJoinsTableJoined::customerOf,
            (order, name) -> "b:" + order + "/" + show(name),
            TableJoined.with(
                checking("app-KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000030-topic", k -> k.startsWith("o")),
                checking("app-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000022-topic", k -> k == null || k.startsWith("c"))),
            Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as("second-view"))
        .toStream()
        .to("out", TO_STRINGS);
  }
}
