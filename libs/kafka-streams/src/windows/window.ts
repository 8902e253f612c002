/** A time interval [startMs, endMs): the start is inclusive, the end exclusive (time and session windows alike,
 * except that a session window's end is the timestamp of its last record, so it is inclusive there). */
export interface Window {
  readonly startMs: number;
  readonly endMs: number;
}

/** A key of a windowed aggregation: the record key and the window it was aggregated in. */
export interface Windowed<K> {
  readonly key: K;
  readonly window: Window;
}

export const windowed = <K>(key: K, startMs: number, endMs: number): Windowed<K> => ({
  key,
  window: { startMs, endMs },
});

export function durationMs(ms: number, what: string): number {
  if (!Number.isSafeInteger(ms) || ms < 0)
    throw new RangeError(`${what} must be a whole number of milliseconds >= 0, got ${ms}`);
  return ms;
}
