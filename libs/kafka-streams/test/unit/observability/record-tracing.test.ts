// Trace context through a topology with a repartition topic (the word count): without an OpenTelemetry SDK the
// input's traceparent reaches the output unchanged; with one, every processed record gets a span whose parent is
// the record's traceparent, and the output carries the span of the record that produced it.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { Consumed, longAsNumberSerde, Produced, Serdes, StreamsBuilder } from '../../../src/index.js';
import { TopologyTestDriver } from '../../../src/testing/index.js';
import { tokenCountTopology } from '../../support/token-count-topology.js';
import { formatTraceparent, parseTraceparent } from '../../../src/observability/opentelemetry/traceparent.js';
import type { Headers } from '../../../src/serde/serde.js';

const str = Serdes.String();
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_SPAN = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${PARENT_SPAN}-01`;

const header = (headers: Headers, key: string): string | undefined =>
  headers.findLast(([name]) => name === key)?.[1].toString();

function wordCount(): { driver: TopologyTestDriver; pipe: (sentence: string, headers?: Headers) => void } {
  const topology = tokenCountTopology({
    inputTopic: 'sentences',
    outputTopic: 'counts',
    windowedOutputTopic: 'windowed-counts',
    windowSizeMs: 1000,
    graceMs: 0,
  });
  const driver = new TopologyTestDriver(topology, { applicationId: 'wc' });
  const input = driver.createInputTopic('sentences', str, str);
  return { driver, pipe: (sentence, headers = []) => input.pipeInput('key', sentence, 10, headers) };
}

const traced = (traceparent = TRACEPARENT, tracestate?: string): Headers => [
  ['traceparent', Buffer.from(traceparent)],
  ...(tracestate ? ([['tracestate', Buffer.from(tracestate)]] as const) : []),
];

describe('traceparent', () => {
  it('parses version 00 and later versions, and refuses invalid values', () => {
    expect(parseTraceparent(TRACEPARENT)).toEqual({ traceId: TRACE_ID, spanId: PARENT_SPAN, traceFlags: 1 });
    expect(parseTraceparent(`01-${TRACE_ID}-${PARENT_SPAN}-00-future`)).toEqual({
      traceId: TRACE_ID,
      spanId: PARENT_SPAN,
      traceFlags: 0,
    });
    for (const invalid of [
      `ff-${TRACE_ID}-${PARENT_SPAN}-01`,
      `00-${TRACE_ID}-${PARENT_SPAN}-01-extra`,
      `00-${'0'.repeat(32)}-${PARENT_SPAN}-01`,
      `00-${TRACE_ID}-${'0'.repeat(16)}-01`,
      `00-${TRACE_ID.toUpperCase()}-${PARENT_SPAN}-01`,
      `00-${TRACE_ID}-${PARENT_SPAN}`,
      '',
    ]) {
      expect(parseTraceparent(invalid)).toBeUndefined();
    }
    expect(formatTraceparent({ traceId: TRACE_ID, spanId: PARENT_SPAN, traceFlags: 1 })).toBe(TRACEPARENT);
  });
});

describe('trace context without an OpenTelemetry SDK', () => {
  it('forwards the input traceparent and tracestate unchanged through the repartition topic to the outputs', () => {
    const { driver, pipe } = wordCount();
    pipe('hello world', traced(TRACEPARENT, 'vendor=abc'));
    const counts = driver.createOutputTopic('counts', str, longAsNumberSerde()).readRecordsToList();
    expect(counts.map((r) => r.key)).toEqual(['hello', 'world']);
    for (const record of counts) {
      expect(header(record.headers, 'traceparent')).toBe(TRACEPARENT);
      expect(header(record.headers, 'tracestate')).toBe('vendor=abc');
      expect(record.headers.filter(([key]) => key === 'traceparent')).toHaveLength(1);
    }
    const windowed = driver.createOutputTopic('windowed-counts', str, str).readRecordsToList();
    expect(windowed.map((r) => header(r.headers, 'traceparent'))).toEqual([TRACEPARENT, TRACEPARENT]);
  });

  it('adds no trace context to records whose input had none, nor to changelog records', () => {
    const { driver, pipe } = wordCount();
    pipe('hello');
    expect(header(driver.createOutputTopic('counts', str, str).readRecord().headers, 'traceparent')).toBeUndefined();
    pipe('again', traced());
    const changelog = driver.createOutputTopic('wc-word-counts-changelog', str, str).readRecordsToList();
    expect(changelog).toHaveLength(2);
    expect(changelog.every((r) => header(r.headers, 'traceparent') === undefined)).toBe(true);
  });
});

describe('trace context with an OpenTelemetry SDK', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  /** Spans are exported asynchronously, once ended. */
  const finishedSpans = async () => {
    await provider.forceFlush();
    return exporter.getFinishedSpans();
  };
  beforeEach(() => {
    exporter.reset();
    trace.setGlobalTracerProvider(provider);
  });
  afterEach(() => trace.disable());

  it('processes each record in a span that is a child of its traceparent, and outputs carry that span', async () => {
    const { driver, pipe } = wordCount();
    pipe('hello', traced());
    const spans = await finishedSpans();
    // The sentence in sub-topology 0, then the word, read back from the repartition topic, in sub-topology 1.
    expect(spans.map((s) => s.name)).toEqual(['process sentences', 'process wc-words-repartition']);
    const [sentenceSpan, wordSpan] = spans as [(typeof spans)[0], (typeof spans)[0]];
    expect(sentenceSpan.kind).toBe(SpanKind.CONSUMER);
    expect(sentenceSpan.parentSpanContext?.spanId).toBe(PARENT_SPAN);
    expect(sentenceSpan.spanContext().traceId).toBe(TRACE_ID);
    expect(sentenceSpan.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.destination.name': 'sentences',
      'messaging.destination.partition.id': '0',
      'messaging.kafka.offset': 0,
      'messaging.consumer.group.name': 'wc',
      'kafka_streams.task.id': '0_0',
    });
    expect(wordSpan.parentSpanContext?.spanId).toBe(sentenceSpan.spanContext().spanId);
    expect(wordSpan.spanContext().traceId).toBe(TRACE_ID);

    const output = driver.createOutputTopic('counts', str, str).readRecord();
    expect(header(output.headers, 'traceparent')).toBe(formatTraceparent(wordSpan.spanContext()));
  });

  it('starts a new trace for a record without a traceparent', async () => {
    const { driver, pipe } = wordCount();
    pipe('hello');
    const [sentenceSpan, wordSpan] = await finishedSpans();
    expect(sentenceSpan!.parentSpanContext).toBeUndefined();
    expect(wordSpan!.spanContext().traceId).toBe(sentenceSpan!.spanContext().traceId);
    const output = driver.createOutputTopic('counts', str, str).readRecord();
    expect(parseTraceparent(header(output.headers, 'traceparent')!)?.spanId).toBe(wordSpan!.spanContext().spanId);
  });

  it('marks the span of a record whose processing failed the task as an error', async () => {
    const builder = new StreamsBuilder();
    builder
      .stream('in', Consumed.with({ keySerde: str, valueSerde: str }))
      .mapValues((value): string => {
        throw new Error(`cannot map ${value}`);
      })
      .to('out', Produced.with({ keySerde: str, valueSerde: str }));
    const driver = new TopologyTestDriver(builder.build());
    expect(() => driver.createInputTopic('in', str, str).pipeInput('k', 'v', 0, traced())).toThrow('cannot map v');
    const [span] = await finishedSpans();
    expect(span!.status).toEqual({ code: SpanStatusCode.ERROR, message: expect.stringContaining('cannot map v') });
    expect(span!.events.map((e) => e.name)).toEqual(['exception']);
  });
});
