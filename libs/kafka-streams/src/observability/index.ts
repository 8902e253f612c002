export { registerStreamsMetrics, type StreamsMetricsOptions, type StreamsMetricsSource } from './prometheus-metrics.js';
export {
  COMMIT_LATENCY_BUCKETS_MS,
  LatencyHistogram,
  PROCESS_LATENCY_BUCKETS_MS,
  type LatencySnapshot,
} from './latency-histogram.js';
export type { ActiveTaskMetrics } from './task-metrics.js';
export type { PartitionLag } from './consumer-lag.js';
export type { StoreRestoreProgress } from './restore-progress.js';
export type { TransactionMetrics } from './transaction-counters.js';
export { streamsHealth, type StreamsHealth, type StreamsHealthInput } from './streams-health.js';
export { TRACER_NAME } from './record-tracing.js';
export { formatTraceparent, parseTraceparent, TRACEPARENT_HEADER, TRACESTATE_HEADER } from './traceparent.js';
