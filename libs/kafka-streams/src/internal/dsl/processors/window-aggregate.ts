// TimeWindowedKStream count/reduce/aggregate: one aggregate per key and window. A record whose window has
// closed (window end + grace <= stream time) is dropped for that window and reported as late.
import type { WindowStore } from '../../../state/store.js';
import { windowed, type Window, type Windowed } from '../../../windows/window.js';
import { isMissing, processorOf, type Untyped } from './stateful.js';
import { change, type Change } from './table-change.js';

export interface WindowAssignment {
  readonly windowsFor: (timestampMs: number) => Window[];
  readonly graceMs: number;
}

export const windowAggregateProcessor = <K, V, VA>(
  storeName: string,
  windows: WindowAssignment,
  aggregate: (key: K, value: V, current: VA | undefined) => VA,
): Untyped =>
  processorOf<K, V, Windowed<K>, Change<VA>>((context) => {
    const store = context.getStateStore<WindowStore<K, VA>>(storeName);
    return (record) => {
      if (isMissing(record.key) || isMissing(record.value)) return;
      const streamTime = context.currentStreamTimeMs();
      for (const window of windows.windowsFor(record.timestamp)) {
        if (window.endMs + windows.graceMs <= streamTime) {
          context.recordDroppedAsLate?.({
            timestamp: record.timestamp,
            windowStartMs: window.startMs,
            windowEndMs: window.endMs,
            streamTimeMs: streamTime,
          });
          continue;
        }
        const current = store.fetch(record.key, window.startMs);
        const next = aggregate(record.key, record.value, current);
        store.put(record.key, next, window.startMs);
        context.forward({
          ...record,
          key: windowed(record.key, window.startMs, window.endMs),
          value: change(next, current),
        });
      }
    };
  });
