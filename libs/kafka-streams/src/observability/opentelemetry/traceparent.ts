// W3C Trace Context's `traceparent` header (https://www.w3.org/TR/trace-context/): parsed from and written to
// record headers by the library itself, so records carry their trace whichever propagators an OpenTelemetry SDK
// configures, and even when none is registered.
import type { SpanContext } from '@opentelemetry/api';

export const TRACEPARENT_HEADER = 'traceparent';
export const TRACESTATE_HEADER = 'tracestate';

// version "-" trace-id "-" parent-id "-" trace-flags, then (versions after 00 only) more fields after a "-".
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}(?:$|-)/;
const INVALID_TRACE_ID = '0'.repeat(32);
const INVALID_SPAN_ID = '0'.repeat(16);

/** The span context a `traceparent` value names, or undefined when the value is not a valid one. */
export function parseTraceparent(value: string): Pick<SpanContext, 'traceId' | 'spanId' | 'traceFlags'> | undefined {
  if (!TRACEPARENT.test(value)) return undefined;
  const version = value.slice(0, 2);
  // Version ff is invalid; version 00 has exactly four fields.
  if (version === 'ff' || (version === '00' && value.length !== 55)) return undefined;
  const traceId = value.slice(3, 35);
  const spanId = value.slice(36, 52);
  if (traceId === INVALID_TRACE_ID || spanId === INVALID_SPAN_ID) return undefined;
  return { traceId, spanId, traceFlags: parseInt(value.slice(53, 55), 16) };
}

/** The version 00 `traceparent` value of a span context. */
export function formatTraceparent(context: Pick<SpanContext, 'traceId' | 'spanId' | 'traceFlags'>): string {
  const flags = (context.traceFlags & 0xff).toString(16).padStart(2, '0');
  return `00-${context.traceId}-${context.spanId}-${flags}`;
}
