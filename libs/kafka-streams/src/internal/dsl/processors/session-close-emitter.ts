// Emit-on-window-close for session aggregations (Java: KStreamSessionWindowAggregate with
// EmitStrategy.onWindowClose). A session is final once no record can extend it any more: its end + gap + grace is
// behind the stream time the aggregation observed. After each record, the sessions whose end lies between the close
// time of the previous emission (inclusive) and the new close time (exclusive) are read from the aggregation's own
// store and sent once, by end, then key bytes, each with its session end as timestamp. Sessions merged away before
// closing were never sent, so nothing retracts them.
//
// Java reads the closed sessions from its session store, which returns only the sessions it still holds, measured
// from the newest session end put and the retention (Materialized's, else gap + grace). Its in-memory store drops
// each session ending at or before newest - retention, so with the default retention nothing closed is left to
// send; its persistent store for this strategy (time-ordered RocksDB) drops whole segments of
// max(retention / 2, 60 s) by session end, those before the segment of newest - retention. The emitter applies the
// same cut, as the store kind says; the session store keeps sessions long enough for either.
import type { ProcessorContext, Record } from '../../../processor/api.js';
import type { SessionStore } from '../../../state/store.js';
import type { Windowed } from '../../../windows/window.js';
import { segmentIdOf, segmentIntervalMs } from '../../state/segments.js';
import { change, type Change } from './table-change.js';
import type { StoreExpiry } from './window-close-emitter.js';

const NEVER = -1;

export class SessionCloseEmitter<K, VA> {
  private lastCloseTimeMs: number;

  constructor(
    private readonly store: SessionStore<K, VA>,
    private readonly context: ProcessorContext<Windowed<K>, Change<VA>>,
    private readonly expiry: StoreExpiry,
    /** The close time already reached when the processor starts: after a restart, those sessions were emitted. */
    initialCloseTimeMs: number,
  ) {
    this.lastCloseTimeMs = initialCloseTimeMs < 0 ? NEVER : initialCloseTimeMs;
  }

  /**
   * Emits the sessions closed by `closeTimeMs` (stream time - gap - grace), with the headers of the record that
   * closed them; `newestSessionEndMs` is the newest session end the store was given, which decides its expiry.
   */
  emitClosed(record: Record<K, unknown>, closeTimeMs: number, newestSessionEndMs: number): void {
    if (this.lastCloseTimeMs !== NEVER && this.lastCloseTimeMs >= closeTimeMs) return;
    // Both ends of a session are inclusive: a session ending at the close time itself can still be extended.
    const upper = closeTimeMs - 1;
    if (upper < 0) return;
    const lower = Math.max(0, this.lastCloseTimeMs);
    // A single-instant session [t, t] closes alone, so even an empty-looking range [t, t] is read.
    if (upper < lower) return;
    const unexpired = Math.max(lower, this.oldestReturnedEnd(newestSessionEndMs));
    if (unexpired <= upper) {
      const closed = this.store.iterateByEnd(unexpired, upper);
      try {
        for (const { key, value } of closed) {
          this.context.forward({
            key,
            // A session's one result: nothing was sent for it before, so there is no old value.
            value: change(value, null),
            timestamp: key.window.endMs,
            headers: record.headers,
          });
        }
      } finally {
        closed.close();
      }
    }
    this.lastCloseTimeMs = closeTimeMs;
  }

  /** The oldest session end Java's store still returns. */
  private oldestReturnedEnd(newestSessionEndMs: number): number {
    const { retentionMs, inMemory } = this.expiry;
    if (inMemory) return newestSessionEndMs - retentionMs + 1;
    const intervalMs = segmentIntervalMs(retentionMs);
    return segmentIdOf(newestSessionEndMs - retentionMs, intervalMs) * intervalMs;
  }
}
