// Apache Kafka's WordCountDemo (org.apache.kafka.streams.examples.wordcount), as the bench's Java contender:
// lower-case, split on \W+, group by word (a repartition topic), count, every update to the output topic
// (statestore.cache.max.bytes=0, as the demo sets it). Arguments: bootstrap servers, application id, input topic,
// output topic, processing guarantee (at_least_once | exactly_once_v2), commit interval (ms), state dir, threads.
// The harness' line protocol (bench/compare/contender.ts): "BENCH READY" when the state listener sees RUNNING,
// "BENCH CLOSED {...}" once closed; SIGTERM closes it cleanly (a shutdown hook).
package bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.clients.consumer.ConsumerConfig;

public final class WordCountDemo {
  public static void main(String[] args) throws Exception {
    if (args.length != 8) throw new IllegalArgumentException("expected 8 arguments, got " + args.length);
    Properties props = new Properties();
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, args[1]);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, args[4]);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, args[5]);
    props.put(StreamsConfig.STATE_DIR_CONFIG, args[6]);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, args[7]);
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");

    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, String> source = builder.stream(args[2]);
    KTable<String, Long> counts = source
        .flatMapValues(value -> Arrays.asList(value.toLowerCase(Locale.getDefault()).split("\\W+")))
        .groupBy((key, value) -> value, Grouped.as("words"))
        .count();
    counts.toStream().to(args[3], Produced.with(Serdes.String(), Serdes.Long()));

    KafkaStreams streams = new KafkaStreams(builder.build(), props);
    CountDownLatch closed = new CountDownLatch(1);
    streams.setStateListener((next, previous) -> {
      if (next == KafkaStreams.State.RUNNING) System.out.println("BENCH READY");
      if (next == KafkaStreams.State.ERROR) System.out.println("BENCH ERROR");
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      boolean clean = streams.close(Duration.ofSeconds(30));
      double commitLatencyAvg = Double.NaN;
      double commitTotal = Double.NaN;
      for (java.util.Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
        MetricName name = e.getKey();
        if (!"stream-thread-metrics".equals(name.group())) continue;
        Object value = e.getValue().metricValue();
        if (!(value instanceof Double)) continue;
        double v = (Double) value;
        if (name.name().equals("commit-latency-avg") && !Double.isNaN(v)) commitLatencyAvg = Double.isNaN(commitLatencyAvg) ? v : Math.max(commitLatencyAvg, v);
        if (name.name().equals("commit-total")) commitTotal = (Double.isNaN(commitTotal) ? 0 : commitTotal) + v;
      }
      String facts = Double.isNaN(commitTotal) ? "{}" : String.format(Locale.ROOT,
          "{\"commits\":\"%.0f\",\"commit mean\":\"%.1f ms\"}", commitTotal, commitLatencyAvg);
      System.out.println("BENCH CLOSED {\"clean\":" + clean + ",\"facts\":" + facts + "}");
      System.out.flush();
      closed.countDown();
    }));
    streams.start();
    closed.await();
  }
}
