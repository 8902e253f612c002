// Trace context through a topology: each input record is processed inside a span `process <topic>` whose parent is
// the record's `traceparent`, and every record a task produces while processing it carries that span's context
// (through repartition topics too, so the trace follows the data to the output topics). With no OpenTelemetry SDK
// registered no span is started (the API would only return a no-op one): the incoming `traceparent` and `tracestate`
// are forwarded unchanged.
import { TRACER_NAME } from '../../observability/opentelemetry/tracer-name.js';
import {
  type Attributes,
  context,
  createTraceState,
  ProxyTracerProvider,
  ROOT_CONTEXT,
  type Span,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  trace,
  type Tracer,
} from '@opentelemetry/api';
import type { ConsumedRecord } from './contracts.js';
import type { Headers, MutableHeaders } from '../../serde/serde.js';
import {
  formatTraceparent,
  parseTraceparent,
  TRACEPARENT_HEADER,
  TRACESTATE_HEADER,
} from '../../observability/opentelemetry/traceparent.js';

/** The trace context records produced while one input record is processed carry. */
export interface OutgoingTraceContext {
  readonly traceparent: Buffer;
  readonly tracestate?: Buffer;
}

/** What the spans of one task say about it. */
export interface TaskSpanAttributes {
  readonly applicationId: string;
  readonly taskId: string;
}

export class RecordTracing {
  /** Without a `tracer`, the one of the OpenTelemetry SDK registered globally at the time, if any. */
  constructor(private readonly tracer?: Tracer) {}

  /**
   * Runs `work` (processing `record`) inside a span, active while it runs, and hands it the trace context that
   * outgoing records must carry (undefined when there is none: no valid incoming context and no span).
   */
  process<T>(record: ConsumedRecord, task: TaskSpanAttributes, work: (outgoing?: OutgoingTraceContext) => T): T {
    const incoming = incomingTraceContext(record.headers);
    const tracer = this.tracer ?? registeredTracer();
    if (!tracer) return work(incoming?.headers);
    const parent = incoming ? trace.setSpanContext(ROOT_CONTEXT, remoteSpanContext(incoming)) : ROOT_CONTEXT;
    const span = tracer.startSpan(`process ${record.topic}`, { kind: SpanKind.CONSUMER }, parent);
    // Attributes cost more than the span itself: only for spans that are recorded.
    if (span.isRecording()) span.setAttributes(spanAttributes(record, task));
    const outgoing = outgoingTraceContext(span, incoming);
    try {
      return context.with(trace.setSpan(parent, span), () => work(outgoing));
    } catch (error) {
      const cause = error instanceof Error ? error : new Error(String(error));
      span.recordException(cause);
      span.setStatus({ code: SpanStatusCode.ERROR, message: cause.message });
      throw error;
    } finally {
      span.end();
    }
  }
}

/**
 * The tracer of the SDK registered with the OpenTelemetry API, or undefined when there is none: the API then only
 * returns no-op spans, which are not worth their cost for every record.
 */
function registeredTracer(): Tracer | undefined {
  const provider = trace.getTracerProvider();
  return provider instanceof ProxyTracerProvider
    ? provider.getDelegateTracer(TRACER_NAME)
    : provider.getTracer(TRACER_NAME);
}

/** Replaces the trace context headers of an outgoing record. */
export function setTraceContext(headers: MutableHeaders, outgoing: OutgoingTraceContext): void {
  for (let i = headers.length - 1; i >= 0; i--) {
    const key = headers[i]![0];
    if (key === TRACEPARENT_HEADER || key === TRACESTATE_HEADER) headers.splice(i, 1);
  }
  headers.push([TRACEPARENT_HEADER, outgoing.traceparent]);
  if (outgoing.tracestate) headers.push([TRACESTATE_HEADER, outgoing.tracestate]);
}

interface IncomingTraceContext {
  readonly parent: Pick<SpanContext, 'traceId' | 'spanId' | 'traceFlags'>;
  readonly headers: OutgoingTraceContext;
}

/** The record's trace context, when its `traceparent` is valid. */
function incomingTraceContext(headers: Headers): IncomingTraceContext | undefined {
  const traceparent = lastHeader(headers, TRACEPARENT_HEADER);
  const parent = traceparent && parseTraceparent(traceparent.toString('ascii'));
  if (!parent) return undefined;
  const tracestate = lastHeader(headers, TRACESTATE_HEADER);
  return { parent, headers: { traceparent, ...(tracestate ? { tracestate } : {}) } };
}

function remoteSpanContext({ parent, headers }: IncomingTraceContext): SpanContext {
  const { tracestate } = headers;
  return {
    ...parent,
    isRemote: true,
    ...(tracestate ? { traceState: createTraceState(tracestate.toString('ascii')) } : {}),
  };
}

function outgoingTraceContext(span: Span, incoming?: IncomingTraceContext): OutgoingTraceContext | undefined {
  const spanContext = span.spanContext();
  // A tracer that started no span of its own (a no-op one) hands back the incoming context: forward it as it came.
  if (incoming && spanContext.spanId === incoming.parent.spanId) return incoming.headers;
  if (!trace.isSpanContextValid(spanContext)) return undefined;
  const tracestate = spanContext.traceState?.serialize();
  return {
    traceparent: Buffer.from(formatTraceparent(spanContext), 'ascii'),
    ...(tracestate ? { tracestate: Buffer.from(tracestate, 'ascii') } : {}),
  };
}

function spanAttributes(record: ConsumedRecord, task: TaskSpanAttributes): Attributes {
  return {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.destination.name': record.topic,
    'messaging.destination.partition.id': String(record.partition),
    'messaging.kafka.offset': Number(record.offset),
    'messaging.consumer.group.name': task.applicationId,
    'kafka_streams.task.id': task.taskId,
  };
}

function lastHeader(headers: Headers, key: string): Buffer | undefined {
  for (let i = headers.length - 1; i >= 0; i--) if (headers[i]![0] === key) return headers[i]![1];
  return undefined;
}
