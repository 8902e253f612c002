package streamkit.conformance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/** Twins of conformance/scenarios/stateless.ts. */
public final class Stateless {
  static final Consumed<String, String> STRINGS = Consumed.with(Serdes.String(), Serdes.String());
  static final Produced<String, String> TO_STRINGS = Produced.with(Serdes.String(), Serdes.String());

  public static void filterMapValues(StreamsBuilder b) {
    KStream<String, String> s = b.stream("in", STRINGS);
    s.filter((k, v) -> v != null && v.startsWith("a")).mapValues(v -> v.toUpperCase()).to("out", TO_STRINGS);
    s.filterNot((k, v) -> "B".equals(k)).mapValues((k, v) -> k + ":" + (v == null ? "null" : v)).to("out2", TO_STRINGS);
  }

  public static void flatMapSelectKey(StreamsBuilder b) {
    KStream<String, String> s = b.stream("in", STRINGS);
    s.<String, String>flatMap((k, v) -> {
          List<KeyValue<String, String>> out = new ArrayList<>();
          for (String part : v.split(",", -1)) out.add(KeyValue.pair(part, k));
          return out;
        })
        .selectKey((k, v) -> v + "-" + k)
        .to("out", TO_STRINGS);
    s.flatMapValues(v -> Arrays.asList(v.split(",", -1)))
        .map((k, v) -> KeyValue.pair(v, k + "!"))
        .to("out2", TO_STRINGS);
  }

  public static void splitBranches(StreamsBuilder b) {
    Map<String, KStream<String, String>> branches =
        b.stream("in", STRINGS)
            .split(Named.as("b-"))
            .branch((k, v) -> v.startsWith("a"))
            .branch((k, v) -> v.length() > 3)
            .defaultBranch();
    branches.get("b-1").to("a", TO_STRINGS);
    branches.get("b-2").to("long", TO_STRINGS);
    branches.get("b-0").to("rest", TO_STRINGS);
  }

  public static void mergeStreams(StreamsBuilder b) {
    KStream<String, String> left = b.stream("left", STRINGS).mapValues(v -> "L" + v);
    KStream<String, String> right = b.stream("right", STRINGS).mapValues(v -> "R" + v);
    left.merge(right).to("out", TO_STRINGS);
  }

  public static void repartitionExplicit(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .selectKey((k, v) -> v)
        .repartition(Repartitioned.<String, String>as("by-value").withKeySerde(Serdes.String()).withValueSerde(Serdes.String()))
        .mapValues((k, v) -> k + "/" + v)
        .to("out", TO_STRINGS);
  }

  public static void repartitionCount(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .selectKey((k, v) -> v)
        .groupByKey()
        .count()
        .toStream()
        .to("out", Produced.with(Serdes.String(), Serdes.Long()));
  }

  public static void nullKeyPassthrough(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .mapValues(v -> v == null ? "was-null" : v)
        .filter((k, v) -> k == null || !k.equals("drop"))
        .to("out", TO_STRINGS);
  }

  public static void repartitionPartitions(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .selectKey((k, v) -> v)
        .repartition(
            Repartitioned.<String, String>as("three")
                .withKeySerde(Serdes.String())
                .withValueSerde(Serdes.String())
                .withNumberOfPartitions(3))
        .groupByKey()
        .count()
        .toStream()
        .to("out", Produced.with(Serdes.String(), Serdes.Long()));
  }

  public static void mergeThenCount(StreamsBuilder b) {
    b.stream("left", STRINGS)
        .merge(b.stream("right", STRINGS))
        .groupByKey()
        .count()
        .toStream()
        .to("out", Produced.with(Serdes.String(), Serdes.Long()));
  }

  public static void flatMapValuesEmpty(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .peek((k, v) -> {})
        .flatMapValues(v -> v.isEmpty() ? List.<String>of() : Arrays.asList(v.split("")))
        .to("out", TO_STRINGS);
  }

  public static void splitConsumersNoDefault(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .split(Named.as("s-"))
        .branch((k, v) -> v.startsWith("a"), Branched.withConsumer(ks -> ks.to("a", TO_STRINGS)))
        .branch((k, v) -> v.startsWith("b"), Branched.withConsumer(ks -> ks.mapValues(v -> v.toUpperCase()).to("b", TO_STRINGS)))
        .noDefaultBranch();
  }

  public static void mapToNullValue(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .map((k, v) -> KeyValue.pair("nokey".equals(v) ? null : k, "novalue".equals(v) ? null : v))
        .to("out", TO_STRINGS);
  }
}
