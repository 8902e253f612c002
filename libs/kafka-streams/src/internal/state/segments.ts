// Time segments of window and session stores, as in Kafka Streams' segmented stores: time is cut into
// intervals of max(retention / 2, 60 s); an entry lives in the segment of its time (window start, session
// end); a segment is dropped whole once its newest possible entry has passed retention.

export const MIN_SEGMENT_INTERVAL_MS = 60_000;

export const segmentIntervalMs = (retentionMs: number): number =>
  Math.max(Math.floor(retentionMs / 2), MIN_SEGMENT_INTERVAL_MS);

export const segmentIdOf = (timeMs: number, intervalMs: number): number => Math.floor(timeMs / intervalMs);

/** Retention measured against the newest time a store has seen (its observed stream time). */
export class RetentionClock {
  private newest = Number.NEGATIVE_INFINITY;

  constructor(readonly retentionMs: number) {}

  get newestMs(): number {
    return this.newest;
  }

  /** The oldest time still retained: older entries are gone, whether or not their segment is dropped yet. */
  get oldestLiveMs(): number {
    return this.newest - this.retentionMs;
  }

  isExpired(timeMs: number): boolean {
    return timeMs < this.oldestLiveMs;
  }

  /** Returns true when `timeMs` moved the clock forward. */
  observe(timeMs: number): boolean {
    if (timeMs <= this.newest) return false;
    this.newest = timeMs;
    return true;
  }
}
