package streamkit.conformance;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.WindowedSerdes;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;

/** Twins of conformance/scenarios/processors.ts. */
public final class Processors {
  static final Consumed<String, String> STRINGS = Consumed.with(Serdes.String(), Serdes.String());
  static final Produced<String, String> TO_STRINGS = Produced.with(Serdes.String(), Serdes.String());

  static ProcessorSupplier<String, String, String, String> ticking(long intervalMs, PunctuationType type) {
    return () ->
        new Processor<>() {
          ProcessorContext<String, String> context;

          @Override
          public void init(ProcessorContext<String, String> c) {
            context = c;
            c.schedule(
                Duration.ofMillis(intervalMs),
                type,
                timestamp -> context.forward(new Record<>("tick", String.valueOf(timestamp), timestamp)));
          }

          @Override
          public void process(Record<String, String> record) {
            context.forward(record);
          }
        };
  }

  public static void punctuateStreamTime(StreamsBuilder b) {
    b.stream("in", STRINGS).process(ticking(10, PunctuationType.STREAM_TIME)).to("out", TO_STRINGS);
  }

  public static void punctuateWallClock(StreamsBuilder b) {
    b.stream("in", STRINGS).process(ticking(100, PunctuationType.WALL_CLOCK_TIME)).to("out", TO_STRINGS);
  }

  public static void toTopicExtractor(StreamsBuilder b) {
    b.stream("in", STRINGS).to((k, v, ctx) -> v.startsWith("x") ? "xs" : "others", TO_STRINGS);
  }

  public static void timestampExtractorValue(StreamsBuilder b) {
    b.stream(
            "in",
            Consumed.with(Serdes.String(), Serdes.String())
                .withTimestampExtractor((record, partitionTime) -> Long.parseLong((String) record.value())))
        .groupByKey()
        .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMillis(10), Duration.ofMillis(0)))
        .count()
        .toStream()
        .to("out", Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class, 10), Serdes.Long()));
  }

  public static void timestampExtractorNegative(StreamsBuilder b) {
    b.stream(
            "in",
            Consumed.with(Serdes.String(), Serdes.String())
                .withTimestampExtractor((record, partitionTime) -> "bad".equals(record.value()) ? -1L : record.timestamp()))
        .to("out", TO_STRINGS);
  }

  public static void deserializationFailure(StreamsBuilder b) {
    b.stream("in", Consumed.with(Serdes.String(), Serdes.Long())).mapValues(v -> String.valueOf(v)).to("out", TO_STRINGS);
  }

  public static void processValues(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .processValues(
            () ->
                new FixedKeyProcessor<String, String, String>() {
                  FixedKeyProcessorContext<String, String> context;

                  @Override
                  public void init(FixedKeyProcessorContext<String, String> c) {
                    context = c;
                  }

                  @Override
                  public void process(FixedKeyRecord<String, String> record) {
                    context.forward(record.withValue(record.value() + "!"));
                    context.forward(record.withValue(record.value() + "?"));
                  }
                })
        .to("out", TO_STRINGS);
  }

  public static void processingErrorContinue(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .mapValues(v -> {
          if (v.equals("boom")) throw new IllegalStateException("boom");
          return v.toUpperCase();
        })
        .to("out", TO_STRINGS);
  }

  public static void processingErrorFail(StreamsBuilder b) {
    processingErrorContinue(b);
  }

  public static void deserializationErrorContinue(StreamsBuilder b) {
    deserializationFailure(b);
  }

  public static void punctuateCancel(StreamsBuilder b) {
    b.stream("in", STRINGS)
        .process(
            () ->
                new Processor<String, String, String, String>() {
                  ProcessorContext<String, String> context;
                  int calls = 0;
                  org.apache.kafka.streams.processor.Cancellable streamTime;

                  @Override
                  public void init(ProcessorContext<String, String> c) {
                    context = c;
                    streamTime =
                        c.schedule(
                            Duration.ofMillis(5),
                            PunctuationType.STREAM_TIME,
                            timestamp -> {
                              calls += 1;
                              context.forward(new Record<>("stream", calls + "@" + timestamp, timestamp));
                              if (calls == 2) streamTime.cancel();
                            });
                    c.schedule(
                        Duration.ofMillis(300),
                        PunctuationType.WALL_CLOCK_TIME,
                        timestamp ->
                            context.forward(
                                new Record<>("wall", String.valueOf(timestamp), context.currentStreamTimeMs())));
                  }

                  @Override
                  public void process(Record<String, String> record) {
                    context.forward(record);
                  }
                })
        .to("out", TO_STRINGS);
  }
}
