// SlidingWindowedKStream count/reduce/aggregate (Java: KStreamSlidingWindowAggregate). Windows exist only
// where records are: a record at t updates every window of its key that contains t, creates its left window
// [t - d, t] and, when newer records lie within d after it, its right window [t + 1, t + 1 + d]; it also
// creates the right window of the record before it when t falls into that window. Records before d share
// the window [0, d], as windows never start before 0.
//
// The aggregate of a new window is derived from windows already stored, never from raw records: each stored
// window keeps its aggregate and the newest record timestamp in it (a TimestampedWindowStore).
//
// The stream time this processor observed minus grace is the close time: a window ending before it is closed;
// an update for it is dropped and reported as late, and so is a record all of whose windows are closed.
// With emit-on-window-close no update goes downstream; windows are sent once they close (as Java, only after a
// record at t >= d that is not late). With the record cache (emitting on update only, as Java), the updates to a
// window leave merged when the cache is flushed, with the store's value before as the old value.
import type { ProcessorContext, Record } from '../../../processor/api.js';
import type { TimestampedWindowStore, ValueAndTimestamp } from '../../state/timestamped-window-store.js';
import type { SlidingWindows } from '../../../windows/sliding-windows.js';
import { windowed, type Windowed } from '../../../windows/window.js';
import type { EmitStrategyType } from '../../../dsl/emit-strategy.js';
import { isMissing, ObservedStreamTime, processorOf, type Untyped } from './stateful.js';
import { WindowCloseEmitter, type ClosedWindowRange, type StoreExpiry } from './window-close-emitter.js';
import { change, type Change } from './table-change.js';
import { forwardsAggregatesOnFlush } from './cached-forwarding.js';

/** `aggregate` gets the window's current aggregate, or undefined for a new window. */
export const slidingWindowAggregateProcessor = <K, V, VA>(
  storeName: string,
  windows: SlidingWindows,
  emit: EmitStrategyType,
  /** The window store's retention (Materialized's, else 2d + grace) and kind. */
  storeExpiry: StoreExpiry,
  aggregate: (key: K, value: V, current: VA | undefined) => VA,
): Untyped =>
  processorOf<K, V, Windowed<K>, Change<VA>>((context) => {
    const store = context.getStateStore<TimestampedWindowStore<K, VA>>(storeName);
    const streamTime = new ObservedStreamTime(context);
    const onClose =
      emit === 'on-window-close'
        ? new WindowCloseEmitter(
            store,
            closedSlidingWindows(windows),
            context,
            storeExpiry,
            streamTime.ms - windows.graceMs,
          )
        : undefined;
    const cached = onClose === undefined && forwardsAggregatesOnFlush(store, context);
    const slider = new WindowSlider(
      windows.timeDifferenceMs,
      store,
      aggregate,
      context,
      streamTime,
      onClose,
      cached,
      storeExpiry.retentionMs,
    );
    return (record) => {
      if (isMissing(record.key) || isMissing(record.value)) return;
      const closeTimeMs = streamTime.observe(record.timestamp) - windows.graceMs;
      // No window containing the record ends after [t, t + d]: when that one has closed, all have.
      if (record.timestamp + windows.timeDifferenceMs < closeTimeMs) {
        slider.reportLate(record, record.timestamp, closeTimeMs);
        return;
      }
      if (record.timestamp < windows.timeDifferenceMs) {
        slider.processEarly(record, closeTimeMs);
        return;
      }
      slider.process(record, closeTimeMs);
      onClose?.emitClosed(record, closeTimeMs);
    };
  });

/** Java's bounds for sliding windows: [start, start + d] includes its end, so it has closed once start + d < close. */
function closedSlidingWindows(windows: SlidingWindows): ClosedWindowRange {
  const d = windows.timeDifferenceMs;
  return {
    lowerBound: (last) => (last < 0 ? 0 : Math.max(0, last - d)),
    upperBound: (close) => close - d - 1,
    worthScanning: () => true,
    endOf: (start) => start + d,
  };
}

type Stored<VA> = ValueAndTimestamp<VA>;

class WindowSlider<K, V, VA> {
  private newestStartPutMs = -1;

  constructor(
    private readonly differenceMs: number,
    private readonly store: TimestampedWindowStore<K, VA>,
    private readonly aggregate: (key: K, value: V, current: VA | undefined) => VA,
    private readonly context: ProcessorContext<Windowed<K>, Change<VA>>,
    private readonly streamTime: ObservedStreamTime,
    /** With emit-on-window-close, updates are stored, not sent, and the emitter learns of every put. */
    private readonly onClose: WindowCloseEmitter<K, VA> | undefined,
    /** The store is cached: its flushes forward the windows. */
    private readonly cached: boolean,
    /**
     * Java's window stores (in memory and RocksDB alike) no longer return windows starting at or before the newest
     * window start put minus the retention; the slider reads the store the same way, whatever this store still holds
     * (and, as Java, whatever the age of the windows the record cache holds).
     */
    private readonly retentionMs: number,
  ) {}

  /** A record at t >= d: its windows start at t - d or later, and the windows it derives from at t - 2d. */
  process(record: Record<K, V>, closeTimeMs: number): void {
    const t = record.timestamp;
    const d = this.differenceMs;
    const existing = this.fetch(record.key, Math.max(0, t - 2 * d), t + 1);
    const starts = new Set(existing.map((w) => w.windowStartMs));
    /** The newest window ending before t: the new left window's aggregate when the previous record is within d. */
    let beforeLeft: Stored<VA> | undefined;
    /** The newest window containing t that ends after t: its records after t make the new right window. */
    let containing: Stored<VA> | undefined;
    /** The newest record timestamp before t, when known from a window. */
    let previousMs: number | undefined;
    /** The existing windows the record falls into. */
    const updates: Array<{ start: number; value: Stored<VA> }> = [];
    for (const { windowStartMs: start, value } of existing) {
      const end = start + d;
      if (end < t) {
        beforeLeft = value;
        previousMs = value.timestamp;
      } else if (end === t) {
        // As Java (newest window first): a window ending before t names the previous record; this one only when
        // there is none (a record whose own left window was never created is not seen as the previous one).
        if (value.timestamp < t && previousMs === undefined) previousMs = value.timestamp;
        updates.push({ start, value });
      } else if (start <= t) {
        containing = value;
        updates.push({ start, value });
      } else if (start !== t + 1) {
        throw new Error(`sliding windows: unexpected window starting at ${start} for a record at ${t}`);
      }
    }
    // As Java (it scans the window store backwards): the newest window is updated and forwarded first.
    for (const { start, value } of updates.reverse()) this.update(record, start, value, closeTimeMs);
    if (previousMs !== undefined && !starts.has(previousMs + 1) && previousMs + 1 + d >= t) {
      this.update(record, previousMs + 1, undefined, closeTimeMs);
    }
    if (!starts.has(t - d)) {
      const previousInLeftWindow = previousMs !== undefined && previousMs >= t - d;
      const base = previousInLeftWindow && beforeLeft ? { value: beforeLeft.value, timestamp: t } : undefined;
      this.update(record, t - d, base, closeTimeMs);
    }
    if (!starts.has(t + 1)) this.createRightWindow(record, containing);
  }

  /** A record at t < d: it belongs to the window [0, d] in place of its left window. */
  processEarly(record: Record<K, V>, closeTimeMs: number): void {
    const t = record.timestamp;
    const existing = this.fetch(record.key, 0, t + 1);
    const starts = new Set(existing.map((w) => w.windowStartMs));
    let first: Stored<VA> | undefined;
    let containing: Stored<VA> | undefined;
    let previousMs: number | undefined;
    for (const { windowStartMs: start, value } of existing) {
      if (start === 0) {
        first = value;
        if (value.timestamp < t) previousMs = value.timestamp;
      } else if (start <= t) {
        containing = value;
        this.update(record, start, value, closeTimeMs);
      }
    }
    // Without a window between 0 and t, records after t are only in [0, d]; none are before t then.
    if (containing === undefined && first !== undefined && first.timestamp > t) containing = first;
    if (!starts.has(t + 1)) this.createRightWindow(record, containing);
    if (previousMs !== undefined && !starts.has(previousMs + 1)) {
      this.update(record, previousMs + 1, undefined, closeTimeMs);
    }
    this.update(record, 0, first, closeTimeMs);
  }

  /** The windows of `key` starting in [fromMs, toMs], oldest first, as Java's store (and its cache) would return them. */
  private fetch(key: K, fromMs: number, toMs: number) {
    return this.store.fetchRangeWithTimestamp(key, fromMs, toMs, this.newestStartPutMs - this.retentionMs + 1);
  }

  reportLate(record: Record<K, V>, windowStartMs: number, closeTimeMs: number): void {
    this.context.recordDroppedAsLate?.({
      timestamp: record.timestamp,
      windowStartMs,
      windowEndMs: windowStartMs + this.differenceMs,
      closeTimeMs,
      streamTimeMs: this.streamTime.ms,
    });
  }

  /** Adds the record to a window (`current` undefined: a new one) unless the window has closed. */
  private update(record: Record<K, V>, start: number, current: Stored<VA> | undefined, closeTimeMs: number): void {
    if (start + this.differenceMs < closeTimeMs) {
      this.reportLate(record, start, closeTimeMs);
      return;
    }
    const value = this.aggregate(record.key, record.value, current?.value);
    const timestamp = current === undefined ? record.timestamp : Math.max(record.timestamp, current.timestamp);
    this.store.putWithTimestamp(record.key, { value, timestamp }, start);
    this.newestStartPutMs = Math.max(this.newestStartPutMs, start);
    this.forward(record, start, change(value, current?.value), timestamp);
  }

  /** The record's right window holds the records after it in `containing`, when there are any. */
  private createRightWindow(record: Record<K, V>, containing: Stored<VA> | undefined): void {
    if (containing === undefined || containing.timestamp <= record.timestamp) return;
    const start = record.timestamp + 1;
    this.store.putWithTimestamp(record.key, containing, start);
    this.newestStartPutMs = Math.max(this.newestStartPutMs, start);
    this.forward(record, start, change(containing.value, null), containing.timestamp);
  }

  /** Sends a window just put into the store (every put is followed by this call). */
  private forward(record: Record<K, V>, start: number, value: Change<VA>, timestamp: number): void {
    if (this.onClose) {
      this.onClose.notePut(start);
      return;
    }
    if (this.cached) return;
    this.context.forward({
      key: windowed(record.key, start, start + this.differenceMs),
      value,
      timestamp,
      headers: record.headers,
    });
  }
}
