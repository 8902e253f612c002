import { durationMs } from './window.js';

/**
 * Windows of a fixed time difference that slide with the records: two records are in a common window when
 * their timestamps differ by at most `timeDifferenceMs`. Both window bounds are inclusive.
 */
export class SlidingWindows {
  private constructor(
    readonly timeDifferenceMs: number,
    readonly graceMs: number,
  ) {}

  static ofTimeDifferenceWithNoGrace(timeDifferenceMs: number): SlidingWindows {
    return SlidingWindows.ofTimeDifferenceAndGrace(timeDifferenceMs, 0);
  }

  static ofTimeDifferenceAndGrace(timeDifferenceMs: number, graceMs: number): SlidingWindows {
    return new SlidingWindows(durationMs(timeDifferenceMs, 'time difference'), durationMs(graceMs, 'grace'));
  }

  retentionMs(): number {
    return this.timeDifferenceMs + this.graceMs;
  }
}
