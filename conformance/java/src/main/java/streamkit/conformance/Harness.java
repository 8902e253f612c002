package streamkit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.apache.kafka.streams.state.VersionedRecord;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Runs a batch of conformance scenarios through Apache Kafka Streams' TopologyTestDriver, in one JVM.
 *
 * <p>stdin: one batch per line, {"runs": [{"id", "scenario", "steps": [{"topic", "key", "value", "timestamp"} | {"advanceMs"}],
 * "outputs": [topic], "stores": [{"name", "kind": "kv"|"window"|"session", "keys": [..]}]}]} with keys and
 * values as hex of the serialized bytes (null for null). stdout: one line per batch, {"results": [{"id", "outputs": {topic:
 * [{"key", "value", "timestamp"}]}, "stores": {name: [{"key", "value"}]}, "error"}]}; outputs as hex bytes
 * (the TypeScript side decodes both sides' bytes with the same codecs), store contents as JSON.
 *
 * <p>Each scenario's topology is the public static method named after its id in camelCase
 * (session-window-late -> sessionWindowLate, taking the StreamsBuilder) of the class named after the
 * scenario's file (conformance/scenarios/sessions.ts -> Sessions). Default serdes are String/String, as in
 * the TypeScript runner.
 */
public final class Harness {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final HexFormat HEX = HexFormat.of();

  public static void main(String[] args) throws Exception {
    // Kafka's classes may log or print; keep stdout for the JSON answers alone.
    PrintStream out = System.out;
    System.setOut(System.err);
    java.nio.file.Path stateDir = Files.createTempDirectory("conformance-state");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    // One batch per line, one answer per line, until stdin closes.
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.isBlank()) continue;
      JsonNode batch = JSON.readTree(line);
      ArrayNode results = NODES.arrayNode();
      for (JsonNode run : batch.get("runs")) results.add(run(run, stateDir));
      ObjectNode answer = NODES.objectNode();
      answer.set("results", results);
      out.write(JSON.writeValueAsBytes(answer));
      out.write('\n');
      out.flush();
    }
  }

  static String camelCase(String id) {
    StringBuilder name = new StringBuilder();
    boolean upper = false;
    for (char c : id.toCharArray()) {
      if (c == '-') upper = true;
      else {
        name.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return name.toString();
  }

  /** The classes holding the Java twins, one per file of conformance/scenarios/ (stateless.ts -> Stateless). */
  static final Class<?>[] SCENARIO_CLASSES = {
    Stateless.class, Aggregations.class, Windows.class, Sessions.class, SessionEmit.class, Joins.class, Tables.class, TablesOldValues.class, TablesTransformValues.class, Cogroup.class, FkJoins.class, FkJoinsTableJoined.class, Processors.class, NullKeys.class, Boundaries.class, Composites.class, Variants.class, Versioned.class,
    Generated.class
  };

  static Topology topology(String scenario) throws Exception {
    String name = camelCase(scenario);
    Method method = null;
    for (Class<?> c : SCENARIO_CLASSES) {
      try {
        method = c.getMethod(name, StreamsBuilder.class);
        break;
      } catch (NoSuchMethodException e) {
        // try the next class
      }
    }
    if (method == null)
      throw new IllegalArgumentException(
          "no Java topology for scenario " + scenario + ": add a static " + name + "(StreamsBuilder) to one of the scenario classes");
    StreamsBuilder builder = new StreamsBuilder();
    try {
      method.invoke(null, builder);
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
    return builder.build();
  }

  static ObjectNode run(JsonNode run, java.nio.file.Path stateDir) {
    ObjectNode result = NODES.objectNode();
    result.put("id", run.get("id").asText());
    ObjectNode outputs = NODES.objectNode();
    ObjectNode stores = NODES.objectNode();
    result.set("outputs", outputs);
    result.set("stores", stores);
    result.putNull("error");
    Topology topology;
    try {
      topology = topology(run.get("scenario").asText());
    } catch (Exception e) {
      result.put("setupError", String.valueOf(e));
      return result;
    }
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "app");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    // The record cache's size, the same on both sides (support/cache-size.ts): Java's default 10 MiB unless
    // CONFORMANCE_CACHE_MAX_BYTES says otherwise (0: no cache, every update forwarded).
    String cacheMaxBytes = System.getenv("CONFORMANCE_CACHE_MAX_BYTES");
    props.put(
        StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG,
        cacheMaxBytes == null || cacheMaxBytes.isEmpty() ? 10L * 1024 * 1024 : Long.parseLong(cacheMaxBytes));
    props.put(
        StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG,
        BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers.class);
    JsonNode handlers = run.get("handlers");
    if (handlers != null && "continue".equals(handlers.path("processing").asText()))
      props.put("processing.exception.handler", "org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler");
    if (handlers != null && "continue".equals(handlers.path("deserialization").asText()))
      props.put("deserialization.exception.handler", "org.apache.kafka.streams.errors.LogAndContinueExceptionHandler");
    TopologyTestDriver driver = new TopologyTestDriver(topology, props, Instant.ofEpochMilli(0));
    try {
      java.util.Map<String, TestInputTopic<byte[], byte[]>> inputs = new java.util.HashMap<>();
      try {
        for (JsonNode step : run.get("steps")) {
          if (step.has("advanceMs")) {
            driver.advanceWallClockTime(Duration.ofMillis(step.get("advanceMs").asLong()));
            continue;
          }
          String topic = step.get("topic").asText();
          TestInputTopic<byte[], byte[]> input =
              inputs.computeIfAbsent(
                  topic,
                  t -> driver.createInputTopic(t, new ByteArraySerializer(), new ByteArraySerializer()));
          input.pipeInput(
              bytes(step.get("key")), bytes(step.get("value")), Instant.ofEpochMilli(step.get("timestamp").asLong()));
        }
      } catch (RuntimeException e) {
        result.put("error", rootMessage(e));
      }
      for (JsonNode topicNode : run.get("outputs")) {
        String topic = topicNode.asText();
        ArrayNode records = NODES.arrayNode();
        if (driver.producedTopicNames().contains(topic)) {
          TestOutputTopic<byte[], byte[]> output =
              driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
          for (TestRecord<byte[], byte[]> record : output.readRecordsToList()) {
            ObjectNode r = NODES.objectNode();
            r.put("key", hex(record.key()));
            r.put("value", hex(record.value()));
            r.put("timestamp", record.timestamp());
            records.add(r);
          }
        }
        outputs.set(topic, records);
      }
      if (run.has("stores")) {
        for (JsonNode store : run.get("stores")) stores.set(store.get("name").asText(), store(driver, store));
      }
    } catch (RuntimeException e) {
      if (result.get("error").isNull()) result.put("error", rootMessage(e));
    } finally {
      try {
        driver.close();
      } catch (RuntimeException e) {
        // A failed task may fail again on close; the first error is what counts.
      }
    }
    return result;
  }

  static ArrayNode store(TopologyTestDriver driver, JsonNode spec) {
    String name = spec.get("name").asText();
    String kind = spec.get("kind").asText();
    ArrayNode entries = NODES.arrayNode();
    switch (kind) {
      case "kv" -> {
        try (KeyValueIterator<Object, Object> it = driver.getKeyValueStore(name).all()) {
          it.forEachRemaining(kv -> entries.add(entry(kv.key, kv.value)));
        }
      }
      case "window" -> {
        try (KeyValueIterator<Windowed<Object>, Object> it = driver.<Object, Object>getWindowStore(name).all()) {
          it.forEachRemaining(kv -> entries.add(entry(kv.key, kv.value)));
        }
      }
      case "session" -> {
        for (JsonNode key : spec.get("keys")) {
          try (KeyValueIterator<Windowed<Object>, Object> it =
              driver.<Object, Object>getSessionStore(name).fetch(key.asText())) {
            it.forEachRemaining(kv -> entries.add(entry(kv.key, kv.value)));
          }
        }
      }
      case "versioned" -> {
        VersionedKeyValueStore<Object, Object> store = driver.getVersionedKeyValueStore(name);
        for (JsonNode key : spec.get("keys")) {
          entries.add(entry(key.asText(), version(store.get(key.asText()))));
          if (spec.has("asOf")) {
            for (JsonNode asOf : spec.get("asOf")) {
              ObjectNode at = NODES.objectNode();
              at.put("key", key.asText());
              at.put("asOf", asOf.asLong());
              entries.add(entry(at, version(store.get(key.asText(), asOf.asLong()))));
            }
          }
        }
      }
      default -> throw new IllegalArgumentException("unknown store kind " + kind);
    }
    return entries;
  }

  static JsonNode version(VersionedRecord<Object> r) {
    if (r == null) return NODES.nullNode();
    ObjectNode n = NODES.objectNode();
    n.set("value", json(r.value()));
    n.put("timestamp", r.timestamp());
    if (r.validTo().isPresent()) n.put("validTo", r.validTo().get());
    else n.putNull("validTo");
    return n;
  }

  static ObjectNode entry(Object key, Object value) {
    ObjectNode e = NODES.objectNode();
    e.set("key", json(key));
    e.set("value", json(value));
    return e;
  }

  static JsonNode json(Object o) {
    if (o == null) return NODES.nullNode();
    if (o instanceof JsonNode n) return n;
    if (o instanceof ValueAndTimestamp<?> vt) return json(vt.value());
    if (o instanceof Windowed<?> w) {
      ObjectNode n = NODES.objectNode();
      n.set("key", json(w.key()));
      n.put("start", w.window().start());
      n.put("end", w.window().end());
      return n;
    }
    if (o instanceof String s) return NODES.textNode(s);
    if (o instanceof Long l) return NODES.numberNode(l);
    if (o instanceof Integer i) return NODES.numberNode(i);
    if (o instanceof Double d) return NODES.numberNode(d);
    if (o instanceof byte[] b) return NODES.textNode(HEX.formatHex(b));
    return NODES.textNode(String.valueOf(o));
  }

  static byte[] bytes(JsonNode hex) {
    return hex == null || hex.isNull() ? null : HEX.parseHex(hex.asText());
  }

  static String hex(byte[] bytes) {
    return bytes == null ? null : HEX.formatHex(bytes);
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    return e.getClass().getSimpleName() + ": " + e.getMessage()
        + (root != e ? " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")" : "");
  }

}
