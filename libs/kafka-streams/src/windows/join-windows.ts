import { durationMs } from './window.js';

/**
 * The time bounds of a stream-stream join: a record at time t joins records of the other stream with
 * timestamps in [t - beforeMs, t + afterMs]. Records arriving after stream time passed their window + grace
 * are too late to join.
 */
export class JoinWindows {
  private constructor(
    readonly beforeMs: number,
    readonly afterMs: number,
    readonly graceMs: number,
  ) {}

  static ofTimeDifferenceWithNoGrace(timeDifferenceMs: number): JoinWindows {
    return JoinWindows.ofTimeDifferenceAndGrace(timeDifferenceMs, 0);
  }

  static ofTimeDifferenceAndGrace(timeDifferenceMs: number, graceMs: number): JoinWindows {
    const difference = durationMs(timeDifferenceMs, 'time difference');
    return new JoinWindows(difference, difference, durationMs(graceMs, 'grace'));
  }

  /** Only records of the other stream at most `beforeMs` older join. */
  before(beforeMs: number): JoinWindows {
    return new JoinWindows(durationMs(beforeMs, 'before'), this.afterMs, this.graceMs);
  }

  /** Only records of the other stream at most `afterMs` newer join. */
  after(afterMs: number): JoinWindows {
    return new JoinWindows(this.beforeMs, durationMs(afterMs, 'after'), this.graceMs);
  }

  retentionMs(): number {
    return this.beforeMs + this.afterMs + this.graceMs;
  }
}
