import type { TaskMetrics } from '../engine/contracts.js';
import type { LatencySnapshot } from './latency-histogram.js';

/** What `KafkaStreams.metrics()` reports per active task. */
export interface ActiveTaskMetrics extends TaskMetrics {
  /** How long processing one record took (the whole processor graph, produce calls included). */
  readonly processLatency: LatencySnapshot;
  /** Approximate entries per state store of the task. */
  readonly storeEntries: Readonly<Record<string, number>>;
}
