package streamkit.conformance;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.ValueTransformerWithKey;
import org.apache.kafka.streams.kstream.ValueTransformerWithKeySupplier;
import org.apache.kafka.streams.processor.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/** Twins of conformance/scenarios/tables-transform-values.ts. */
public final class TablesTransformValues {
  static final Consumed<String, String> STRINGS = Consumed.with(Serdes.String(), Serdes.String());
  static final Produced<String, String> TO_STRINGS = Produced.with(Serdes.String(), Serdes.String());

  static String show(String v) {
    return v == null ? "null" : v;
  }

  static Materialized<String, String, KeyValueStore<Bytes, byte[]>> store(String name) {
    return Materialized.as(name);
  }

  /** A transformer from a function of (context, key, value). */
  interface Transform {
    String apply(ProcessorContext context, String key, String value);
  }

  static ValueTransformerWithKeySupplier<String, String, String> transformer(Transform transform) {
    return () ->
        new ValueTransformerWithKey<String, String, String>() {
          private ProcessorContext context;

          @Override
          public void init(ProcessorContext context) {
            this.context = context;
          }

          @Override
          public String transform(String key, String value) {
            return transform.apply(context, key, value);
          }

          @Override
          public void close() {}
        };
  }

  static final ValueTransformerWithKeySupplier<String, String, String> UPPER_WITH_KEY =
      transformer((c, k, v) -> v == null ? null : k + ":" + v.toUpperCase());

  static ValueTransformerWithKeySupplier<String, String, String> counting() {
    return () ->
        new ValueTransformerWithKey<String, String, String>() {
          private int calls = 0;

          @Override
          public void init(ProcessorContext context) {}

          @Override
          public String transform(String key, String value) {
            return value == null ? null : value + "#" + (++calls);
          }

          @Override
          public void close() {}
        };
  }

  public static void transformValuesBasic(StreamsBuilder b) {
    b.table("t", STRINGS).transformValues(UPPER_WITH_KEY).toStream().to("out", TO_STRINGS);
  }

  public static void transformValuesContext(StreamsBuilder b) {
    b.table("t", STRINGS)
        .transformValues(transformer((c, k, v) -> v == null ? null : v + "@" + c.timestamp()))
        .toStream()
        .to("out", TO_STRINGS);
  }

  public static void transformValuesDeleteBecomesRow(StreamsBuilder b) {
    b.table("t", STRINGS)
        .transformValues(transformer((c, k, v) -> show(v)))
        .toStream()
        .to("out", TO_STRINGS);
  }

  public static void transformValuesOldValuesSecondCall(StreamsBuilder b) {
    b.table("t", STRINGS, store("t-store"))
        .transformValues(counting())
        .filter((k, v) -> v.startsWith("keep"))
        .toStream()
        .to("out", TO_STRINGS);
  }

  public static void transformValuesMaterialized(StreamsBuilder b) {
    b.table("t", STRINGS, store("t-store"))
        .transformValues(counting(), store("transformed"))
        .filter((k, v) -> v.startsWith("keep"))
        .toStream()
        .to("out", TO_STRINGS);
  }

  public static void transformValuesJoin(StreamsBuilder b) {
    b.table("t", STRINGS)
        .transformValues(UPPER_WITH_KEY)
        .leftJoin(b.table("u", STRINGS), (t, u) -> t + "+" + show(u))
        .toStream()
        .to("out", TO_STRINGS);
  }
}
