// @streamkit/kafka-streams/opentelemetry: what an application needs to see the library's spans and to carry W3C
// trace context across its own hops. The library creates its spans with `@opentelemetry/api` only; register an
// OpenTelemetry SDK in the application to record them.
export { TRACER_NAME } from './tracer-name.js';
export { formatTraceparent, parseTraceparent, TRACEPARENT_HEADER, TRACESTATE_HEADER } from './traceparent.js';
