import { durationMs, type Window } from './window.js';

/**
 * Fixed-size windows aligned to the epoch: tumbling (advance = size) or hopping (advance < size).
 * A record falls into every window whose [start, start + size) contains its timestamp. A window closes when
 * stream time reaches its end + grace; records for a closed window are late and dropped.
 */
export class TimeWindows {
  private constructor(
    readonly sizeMs: number,
    readonly advanceMs: number,
    readonly graceMs: number,
  ) {}

  static ofSizeWithNoGrace(sizeMs: number): TimeWindows {
    return TimeWindows.ofSizeAndGrace(sizeMs, 0);
  }

  static ofSizeAndGrace(sizeMs: number, graceMs: number): TimeWindows {
    if (durationMs(sizeMs, 'window size') === 0) throw new RangeError('window size must be > 0');
    return new TimeWindows(sizeMs, sizeMs, durationMs(graceMs, 'grace'));
  }

  /** Hopping windows: a new window every `advanceMs`, each `sizeMs` long. */
  advanceBy(advanceMs: number): TimeWindows {
    if (durationMs(advanceMs, 'advance') === 0 || advanceMs > this.sizeMs) {
      throw new RangeError(`advance must be > 0 and <= the window size (${this.sizeMs} ms), got ${advanceMs}`);
    }
    return new TimeWindows(this.sizeMs, advanceMs, this.graceMs);
  }

  /** The windows a record with this timestamp belongs to, oldest first. */
  windowsFor(timestampMs: number): Window[] {
    const windows: Window[] = [];
    let start = Math.floor(Math.max(0, timestampMs - this.sizeMs + this.advanceMs) / this.advanceMs) * this.advanceMs;
    for (; start <= timestampMs; start += this.advanceMs) windows.push({ startMs: start, endMs: start + this.sizeMs });
    return windows;
  }

  /** How long a window store must keep windows by default. */
  retentionMs(): number {
    return this.sizeMs + this.graceMs;
  }
}
