// Trace context through a topology: each input record is processed inside a span `process <topic>` whose parent is
// the record's `traceparent`, and every record a task produces while processing it carries that span's context
// (through repartition topics too, so the trace follows the data to the output topics). With no OpenTelemetry SDK
// registered the API is a no-op: the span is the incoming context itself, and the incoming `traceparent` and
// `tracestate` are forwarded unchanged.
import {
  type Attributes,
  context,
  createTraceState,
  ROOT_CONTEXT,
  type Span,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  trace,
  type Tracer,
} from '@opentelemetry/api';
import type { ConsumedRecord } from '../engine/contracts.js';
import type { Headers, MutableHeaders } from '../serde/serde.js';
import { formatTraceparent, parseTraceparent, TRACEPARENT_HEADER, TRACESTATE_HEADER } from './traceparent.js';

export const TRACER_NAME = '@streamkit/kafka-streams';

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
  /** `tracer` defaults to the global tracer provider's (a no-op until an SDK registers one). */
  constructor(private readonly tracer: Tracer = trace.getTracer(TRACER_NAME)) {}

  /**
   * Runs `work` (processing `record`) inside a span, active while it runs, and hands it the trace context that
   * outgoing records must carry (undefined when there is none: no incoming context and no recording span).
   */
  process<T>(record: ConsumedRecord, task: TaskSpanAttributes, work: (outgoing?: OutgoingTraceContext) => T): T {
    const incoming = incomingTraceContext(record.headers);
    const parent = incoming ? trace.setSpanContext(ROOT_CONTEXT, incoming.spanContext) : ROOT_CONTEXT;
    const span = this.tracer.startSpan(
      `process ${record.topic}`,
      { kind: SpanKind.CONSUMER, attributes: spanAttributes(record, task) },
      parent,
    );
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
  readonly spanContext: SpanContext;
  readonly headers: OutgoingTraceContext;
}

function incomingTraceContext(headers: Headers): IncomingTraceContext | undefined {
  const traceparent = lastHeader(headers, TRACEPARENT_HEADER);
  const parsed = traceparent && parseTraceparent(traceparent.toString('latin1'));
  if (!parsed) return undefined;
  const tracestate = lastHeader(headers, TRACESTATE_HEADER);
  const spanContext: SpanContext = {
    ...parsed,
    isRemote: true,
    ...(tracestate ? { traceState: createTraceState(tracestate.toString('latin1')) } : {}),
  };
  return { spanContext, headers: { traceparent, ...(tracestate ? { tracestate } : {}) } };
}

function outgoingTraceContext(span: Span, incoming?: IncomingTraceContext): OutgoingTraceContext | undefined {
  const spanContext = span.spanContext();
  // Without an SDK the span is the incoming context itself: forward its headers byte for byte.
  if (incoming && spanContext.spanId === incoming.spanContext.spanId) return incoming.headers;
  if (!trace.isSpanContextValid(spanContext)) return undefined;
  const tracestate = spanContext.traceState?.serialize();
  return {
    traceparent: Buffer.from(formatTraceparent(spanContext), 'latin1'),
    ...(tracestate ? { tracestate: Buffer.from(tracestate, 'latin1') } : {}),
  };
}

function spanAttributes(record: ConsumedRecord, task: TaskSpanAttributes): Attributes {
  return {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.operation.name': 'process',
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
