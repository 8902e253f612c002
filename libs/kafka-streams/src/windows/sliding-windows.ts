import { durationMs } from './window.js';

/**
 * Windows of a fixed time difference that slide with the records: two records are in a common window when
 * their timestamps differ by at most `timeDifferenceMs`. Both window bounds are inclusive: [start, start +
 * timeDifferenceMs]. Each record at t has its left window [t - timeDifferenceMs, t] (never starting before
 * 0) and, when later records fall within the difference, its right window [t + 1, t + 1 + timeDifferenceMs].
 * A window closes when stream time passes its end + grace.
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

  /**
   * How long a window store must keep windows by default (and at least): a new record reads windows
   * starting up to two time differences before it, and records are accepted for `graceMs` after their
   * windows end (Kafka Streams' default for sliding windows).
   */
  retentionMs(): number {
    return 2 * this.timeDifferenceMs + this.graceMs;
  }
}
