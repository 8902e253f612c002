// TimeWindowedKStream count/reduce/aggregate (Java: KStreamWindowAggregate): one aggregate per key and window,
// kept with the newest timestamp of the records in it (a TimestampedWindowStore), which its results carry. A
// record whose window has closed (window end + grace <= the stream time this processor observed) is dropped for
// that window and reported as late. Only a null key is skipped: a null value is aggregated, as in Java. With the
// record cache (its store cached, emitting on update), the updates to a window leave merged when the cache is
// flushed, with the window's value in the store before as the old value (Java's TimestampedCacheFlushListener).
import type { TimestampedWindowStore } from '../../state/timestamped-window-store.js';
import type { EmitStrategyType } from '../../../dsl/emit-strategy.js';
import { windowed, type Window, type Windowed } from '../../../windows/window.js';
import { isMissing, ObservedStreamTime, processorOf, type Untyped } from './stateful.js';
import { WindowCloseEmitter, type ClosedWindowRange, type StoreExpiry } from './window-close-emitter.js';
import { change, type Change } from './table-change.js';
import { forwardsAggregatesOnFlush } from './cached-forwarding.js';

export interface WindowAssignment {
  readonly windowsFor: (timestampMs: number) => Window[];
  readonly sizeMs: number;
  readonly graceMs: number;
  readonly emit: EmitStrategyType;
  /** The window store's retention (Materialized's, else size + grace) and kind. */
  readonly storeExpiry: StoreExpiry;
}

export const windowAggregateProcessor = <K, V, VA>(
  storeName: string,
  windows: WindowAssignment,
  aggregate: (key: K, value: V, current: VA | undefined) => VA,
): Untyped =>
  processorOf<K, V, Windowed<K>, Change<VA>>((context) => {
    const store = context.getStateStore<TimestampedWindowStore<K, VA>>(storeName);
    const streamTime = new ObservedStreamTime(context);
    const onClose =
      windows.emit === 'on-window-close'
        ? new WindowCloseEmitter(
            store,
            closedTimeWindows(windows),
            context,
            windows.storeExpiry,
            streamTime.ms - windows.graceMs,
          )
        : undefined;
    // Emitting on window close, nothing goes downstream from the cache's flushes (Java registers no listener).
    const cached = onClose === undefined && forwardsAggregatesOnFlush(store, context);
    return (record) => {
      if (isMissing(record.key)) return;
      const closeTimeMs = streamTime.observe(record.timestamp) - windows.graceMs;
      for (const window of windows.windowsFor(record.timestamp)) {
        if (window.endMs <= closeTimeMs) {
          context.recordDroppedAsLate?.({
            timestamp: record.timestamp,
            windowStartMs: window.startMs,
            windowEndMs: window.endMs,
            streamTimeMs: streamTime.ms,
          });
          continue;
        }
        const current = store.fetchWithTimestamp(record.key, window.startMs);
        const value = aggregate(record.key, record.value, current?.value);
        const timestamp = current === undefined ? record.timestamp : Math.max(record.timestamp, current.timestamp);
        store.putWithTimestamp(record.key, value === null ? null : { value, timestamp }, window.startMs);
        onClose?.notePut(window.startMs);
        if (onClose === undefined && !cached) {
          context.forward({
            ...record,
            key: windowed(record.key, window.startMs, window.endMs),
            value: change(value, current?.value),
            timestamp,
          });
        }
      }
      onClose?.emitClosed(record, closeTimeMs);
    };
  });

/** Java's bounds for time windows: a window [start, start + size) has closed once start <= close time - size. */
function closedTimeWindows(windows: WindowAssignment): ClosedWindowRange {
  const windowStarts = (t: number) => windows.windowsFor(t).map((w) => w.startMs);
  return {
    lowerBound: (last) => (last < 0 ? 0 : Math.max(0, last - windows.sizeMs) + 1),
    upperBound: (close) => close - windows.sizeMs,
    // As Java: no scan when the newest closable window and the last one emitted are the same windows.
    worthScanning: (lower, upper, last) => last < 0 || windowStarts(upper).join() !== windowStarts(lower - 1).join(),
    endOf: (start) => start + windows.sizeMs,
  };
}
