import type { TaskMetrics } from '../engine/contracts.js';
import type { StateStore } from '../state/store.js';
import type { LatencySnapshot } from './latency-histogram.js';

/** What `KafkaStreams.metrics()` reports per active task. */
export interface ActiveTaskMetrics extends TaskMetrics {
  /** How long processing one record took (the whole processor graph, produce calls included). */
  readonly processLatency: LatencySnapshot;
  /** Approximate entries per state store of the task. */
  readonly storeEntries: Readonly<Record<string, number>>;
}

/** Approximate entries per store, for stores that can tell (the library's stores all can). */
export function storeEntries(stores: Iterable<readonly [string, StateStore]>): Record<string, number> {
  const entries: Record<string, number> = {};
  for (const [name, store] of stores) {
    const sized = store as StateStore & { approximateNumEntries?: unknown };
    if (typeof sized.approximateNumEntries === 'function') entries[name] = Number(sized.approximateNumEntries());
  }
  return entries;
}
