// Emit-on-window-close for time and sliding windowed aggregations (Java: AbstractKStreamTimeWindowAggregateProcessor
// with EmitStrategy.onWindowClose). After each record, the windows that closed since the last emission are read
// from the aggregation's own store and sent once, oldest window start first (then by key bytes, the store's order),
// each with its aggregate's timestamp. The store is scanned only when the close time has advanced. (Java also
// throttles its scan to once per wall-clock second; its TopologyTestDriver does not show that, and the results are
// the same records, only later.)
//
// Java reads the closed windows from its window store, which no longer returns windows starting before the newest
// window start put minus the retention (Materialized's, else size + grace): its in-memory store drops start <=
// newest - retention, its persistent store for this strategy (time-ordered RocksDB) start < newest - retention. So
// Java often emits nothing for hopping windows without grace, or for windows closed by a jump in stream time; the
// emitter applies the same cut, as the store kind says. The cut is the store's only: with the record cache (time
// windows are cached even when emitting on close, as in Java), windows the cache still holds are emitted whatever
// their start, as Java's cached store returns them.
import type { ProcessorContext, Record } from '../../../processor/api.js';
import { change, type Change } from './table-change.js';
import type { TimestampedWindowStore } from '../../state/timestamped-window-store.js';
import type { Windowed } from '../../../windows/window.js';
import { windowed } from '../../../windows/window.js';

const NEVER = -1;

/** What decides which windows Java's store still returns: its retention, and whether it is in memory. */
export interface StoreExpiry {
  readonly retentionMs: number;
  readonly inMemory: boolean;
}

export interface ClosedWindowRange {
  /** The first window start to emit (inclusive) given the close time of the previous emission (-1: none yet). */
  readonly lowerBound: (lastCloseTimeMs: number) => number;
  /** The last window start to emit (inclusive) at a close time. */
  readonly upperBound: (closeTimeMs: number) => number;
  /** False when no window can have closed between the two bounds (skips the store scan). */
  readonly worthScanning: (lowerBound: number, upperBound: number, lastCloseTimeMs: number) => boolean;
  /** A window's end from its start. */
  readonly endOf: (startMs: number) => number;
}

export class WindowCloseEmitter<K, VA> {
  private lastCloseTimeMs: number;
  private newestStartPutMs = NEVER;

  constructor(
    private readonly store: TimestampedWindowStore<K, VA>,
    private readonly range: ClosedWindowRange,
    private readonly context: ProcessorContext<Windowed<K>, Change<VA>>,
    /** The window store's retention and kind: Java's cut is one millisecond wider for in-memory stores. */
    private readonly expiry: StoreExpiry,
    /** The close time already reached when the processor starts: after a restart, those windows were emitted. */
    initialCloseTimeMs: number,
  ) {
    this.lastCloseTimeMs = initialCloseTimeMs < 0 ? NEVER : initialCloseTimeMs;
  }

  /** The aggregation put a window (a value or a delete) starting at `startMs` into the store. */
  notePut(startMs: number): void {
    this.newestStartPutMs = Math.max(this.newestStartPutMs, startMs);
  }

  /** Emits the windows closed by `closeTimeMs`, with the headers of the record that closed them. */
  emitClosed(record: Record<K, unknown>, closeTimeMs: number): void {
    if (this.lastCloseTimeMs !== NEVER && this.lastCloseTimeMs >= closeTimeMs) return;
    const upper = this.range.upperBound(closeTimeMs);
    if (upper < 0) return;
    const lower = this.range.lowerBound(this.lastCloseTimeMs);
    if (!this.range.worthScanning(lower, upper, this.lastCloseTimeMs)) return;
    // The store lists windows by key, then start; Java's by start, then key: a stable sort by start gives Java's.
    const { retentionMs, inMemory } = this.expiry;
    const unexpired = this.newestStartPutMs - retentionMs + (inMemory ? 1 : 0);
    const closed = this.store
      .fetchAllWithTimestamp(lower, upper, unexpired)
      .sort((a, b) => a.key.window.startMs - b.key.window.startMs);
    for (const { key, value: stored } of closed) {
      const startMs = key.window.startMs;
      this.context.forward({
        key: windowed(key.key, startMs, this.range.endOf(startMs)),
        // A window's one result: nothing was sent for it before, so there is no old value.
        value: change(stored.value, null),
        timestamp: stored.timestamp,
        headers: record.headers,
      });
    }
    this.lastCloseTimeMs = closeTimeMs;
  }
}
