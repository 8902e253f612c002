// @streamkit/kafka-streams/prometheus: the runtime's metrics as Prometheus series, on a prom-client registry.
// prom-client is an optional peer dependency: only applications that import this entry point need it.
export { registerStreamsMetrics, type StreamsMetricsOptions, type StreamsMetricsSource } from './prometheus-metrics.js';
