// Processor API: punctuators on stream time and on the wall clock, dynamic output topics. Java twins:
// Processors.java.
import {
  Consumed,
  Produced,
  Serdes,
  TimeWindows,
  longAsNumberSerde,
  timeWindowedSerde,
  type FixedKeyProcessorContext,
  type ProcessorContext,
  type PunctuationType,
} from '@streamkit/kafka-streams';
import { advance, rec, scenarios, SS, tw } from '../support/scenario.js';

const strings = Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });
const toStrings = Produced.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });

/** Forwards every record and, on each punctuation, a record tick=<time> stamped with that time. */
const ticking = (intervalMs: number, type: PunctuationType) => () => {
  let context: ProcessorContext<string, string>;
  return {
    init(c: ProcessorContext<string, string>) {
      context = c;
      c.schedule(intervalMs, type, (timestamp) =>
        context.forward({ key: 'tick', value: String(timestamp), timestamp, headers: [] }),
      );
    },
    process(record: { key: string; value: string; timestamp: number; headers: [] }) {
      context.forward(record);
    },
  };
};

export default scenarios(
  {
    id: 'punctuate-stream-time',
    description: 'a stream-time punctuator every 10 ms: when it fires, with which timestamp, at most once per record',
    build: (b) => {
      b.stream('in', strings).process(ticking(10, 'stream-time')).to('out', toStrings);
    },
    steps: [
      rec('in', 'A', 'a', 3),
      rec('in', 'A', 'b', 7),
      rec('in', 'A', 'c', 12),
      rec('in', 'A', 'd', 5),
      rec('in', 'A', 'e', 45),
      rec('in', 'A', 'f', 50),
    ],
    outputs: { out: SS },
  },
  {
    id: 'punctuate-wall-clock',
    description: 'a wall-clock punctuator every 100 ms, driven by advances of the mocked wall clock',
    build: (b) => {
      b.stream('in', strings).process(ticking(100, 'wall-clock-time')).to('out', toStrings);
    },
    steps: [rec('in', 'A', 'a', 1), advance(50), advance(60), rec('in', 'A', 'b', 2), advance(250), advance(100)],
    outputs: { out: SS },
  },
  {
    id: 'to-topic-extractor',
    description: 'to() with a TopicNameExtractor choosing the topic per record',
    build: (b) => {
      b.stream('in', strings).to((_k, v) => (v.startsWith('x') ? 'xs' : 'others'), toStrings);
    },
    steps: [rec('in', 'A', 'x1', 1), rec('in', 'B', 'y1', 2), rec('in', 'C', 'x2', 3)],
    outputs: { xs: SS, others: SS },
  },
  {
    id: 'timestamp-extractor-value',
    description: 'a TimestampExtractor reading the timestamp from the value, feeding a windowed count',
    build: (b) =>
      b
        .stream(
          'in',
          Consumed.with({
            keySerde: Serdes.String(),
            valueSerde: Serdes.String(),
            timestampExtractor: (r) => Number(r.value),
          }),
        )
        .groupByKey()
        .windowedBy(TimeWindows.ofSizeAndGrace(10, 0))
        .count()
        .toStream()
        .to(
          'out',
          Produced.with({ keySerde: timeWindowedSerde(Serdes.String(), 10), valueSerde: longAsNumberSerde() }),
        ),
    steps: [rec('in', 'A', '3', 100), rec('in', 'A', '12', 0), rec('in', 'A', '8', 50), rec('in', 'A', '25', 1)],
    outputs: { out: tw(10) },
  },
  {
    id: 'timestamp-extractor-negative',
    description: 'an extractor returning a negative timestamp for one record',
    build: (b) => {
      b.stream(
        'in',
        Consumed.with({
          keySerde: Serdes.String(),
          valueSerde: Serdes.String(),
          timestampExtractor: (r) => (r.value === 'bad' ? -1 : r.timestamp),
        }),
      ).to('out', toStrings);
    },
    steps: [rec('in', 'A', 'ok', 1), rec('in', 'A', 'bad', 2), rec('in', 'A', 'after', 3)],
    outputs: { out: SS },
  },
  {
    id: 'deserialization-failure',
    description: 'values of 4 bytes read as Longs: the default deserialization handler fails the task',
    build: (b) => {
      b.stream('in', Consumed.with({ keySerde: Serdes.String(), valueSerde: longAsNumberSerde() }))
        .mapValues((v) => String(v))
        .to('out', toStrings);
    },
    inputs: { in: { value: 'int' } }, // 4 bytes: not a Long
    steps: [rec('in', 'A', 7, 1), rec('in', 'B', 8, 2)],
    outputs: { out: SS },
  },
  {
    id: 'process-values',
    description: 'processValues with a FixedKeyProcessor forwarding each value twice, changed',
    build: (b) => {
      b.stream('in', strings)
        .processValues<string>(() => {
          let context: FixedKeyProcessorContext<string, string>;
          return {
            init: (c) => void (context = c),
            process: (record) => {
              context.forward({ ...record, value: `${record.value}!` });
              context.forward({ ...record, value: `${record.value}?` });
            },
          };
        })
        .to('out', toStrings);
    },
    steps: [rec('in', 'A', 'a', 1), rec('in', 'B', 'b', 2)],
    outputs: { out: SS },
  },
  {
    id: 'processing-error-continue',
    description: 'a mapValues that throws for one record, with LogAndContinue: the record is skipped',
    build: (b) => {
      b.stream('in', strings)
        .mapValues((v) => {
          if (v === 'boom') throw new Error('boom');
          return v.toUpperCase();
        })
        .to('out', toStrings);
    },
    handlers: { processing: 'continue' },
    steps: [rec('in', 'A', 'a', 1), rec('in', 'A', 'boom', 2), rec('in', 'A', 'c', 3)],
    outputs: { out: SS },
  },
  {
    id: 'processing-error-fail',
    description: 'a mapValues that throws for one record, default handler: the task fails',
    build: (b) => {
      b.stream('in', strings)
        .mapValues((v) => {
          if (v === 'boom') throw new Error('boom');
          return v.toUpperCase();
        })
        .to('out', toStrings);
    },
    steps: [rec('in', 'A', 'a', 1), rec('in', 'A', 'boom', 2), rec('in', 'A', 'c', 3)],
    outputs: { out: SS },
  },
  {
    id: 'deserialization-error-continue',
    description: 'a value that is not a Long (1 byte) between valid ones, with LogAndContinue: skipped',
    build: (b) => {
      b.stream('in', Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.Int64() }))
        .mapValues((v) => String(v))
        .to('out', toStrings);
    },
    handlers: { deserialization: 'continue' },
    steps: [rec('in', 'A', '12345678', 1), rec('in', 'A', 'x', 2), rec('in', 'A', '87654321', 3)],
    outputs: { out: SS },
  },
  {
    id: 'punctuate-cancel',
    description:
      'a stream-time punctuator (every 5 ms) that cancels itself on its second call; a wall-clock one beside it',
    build: (b) => {
      b.stream('in', strings)
        .process<string, string>(() => {
          let context: ProcessorContext<string, string>;
          let calls = 0;
          return {
            init(c: ProcessorContext<string, string>) {
              context = c;
              const streamTime = c.schedule(5, 'stream-time', (timestamp) => {
                calls += 1;
                context.forward({ key: 'stream', value: `${calls}@${timestamp}`, timestamp, headers: [] });
                if (calls === 2) streamTime.cancel();
              });
              c.schedule(300, 'wall-clock-time', (timestamp) =>
                context.forward({
                  key: 'wall',
                  value: String(timestamp),
                  timestamp: context.currentStreamTimeMs(),
                  headers: [],
                }),
              );
            },
            process(record) {
              context.forward(record);
            },
          };
        })
        .to('out', toStrings);
    },
    steps: [
      rec('in', 'A', 'a', 1),
      rec('in', 'A', 'b', 6),
      advance(300),
      rec('in', 'A', 'c', 12),
      rec('in', 'A', 'd', 30),
      advance(301),
    ],
    outputs: { out: SS },
  },
);
