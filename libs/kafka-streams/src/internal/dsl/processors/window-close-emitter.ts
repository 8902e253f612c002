// Emit-on-window-close for time and sliding windowed aggregations (Java: AbstractKStreamTimeWindowAggregateProcessor
// with EmitStrategy.onWindowClose). After each record, the windows that closed since the last emission are read
// from the aggregation's own store and sent once, oldest window start first (then by key bytes, the store's order),
// each with its aggregate's timestamp. As in Java, the store is scanned at most once per second of wall-clock time.
import type { ProcessorContext, Record } from '../../../processor/api.js';
import type { TimestampedWindowStore } from '../../state/timestamped-window-store.js';
import type { Windowed } from '../../../windows/window.js';
import { windowed } from '../../../windows/window.js';

/** Java's default `__emit.interval.ms.kstreams.windowed.aggregation__`. */
const EMIT_INTERVAL_MS = 1000;
const NEVER = -1;

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
  private nextScanAtMs = 0;

  constructor(
    private readonly store: TimestampedWindowStore<K, VA>,
    private readonly range: ClosedWindowRange,
    private readonly context: ProcessorContext<Windowed<K>, VA>,
    /** The close time already reached when the processor starts: after a restart, those windows were emitted. */
    initialCloseTimeMs: number,
  ) {
    this.lastCloseTimeMs = initialCloseTimeMs < 0 ? NEVER : initialCloseTimeMs;
  }

  /** Emits the windows closed by `closeTimeMs`, with the headers of the record that closed them. */
  emitClosed(record: Record<K, unknown>, closeTimeMs: number): void {
    const now = this.context.currentSystemTimeMs();
    if (now < this.nextScanAtMs) return;
    this.nextScanAtMs = now + EMIT_INTERVAL_MS;
    if (this.lastCloseTimeMs !== NEVER && this.lastCloseTimeMs >= closeTimeMs) return;
    const upper = this.range.upperBound(closeTimeMs);
    if (upper < 0) return;
    const lower = this.range.lowerBound(this.lastCloseTimeMs);
    if (!this.range.worthScanning(lower, upper, this.lastCloseTimeMs)) return;
    // The store lists windows by key, then start; Java's by start, then key: a stable sort by start gives Java's.
    const closed = this.store.fetchAll(lower, upper).sort((a, b) => a.key.window.startMs - b.key.window.startMs);
    for (const { key } of closed) {
      const startMs = key.window.startMs;
      const stored = this.store.fetchWithTimestamp(key.key, startMs);
      if (stored === undefined) continue;
      this.context.forward({
        key: windowed(key.key, startMs, this.range.endOf(startMs)),
        value: stored.value,
        timestamp: stored.timestamp,
        headers: record.headers,
      });
    }
    this.lastCloseTimeMs = closeTimeMs;
  }
}
