import { durationMs } from './window.js';

/**
 * Sessions: bursts of activity per key separated by at least `inactivityGapMs` of silence. A record within
 * the gap of an existing session extends it; one that bridges two sessions merges them.
 */
export class SessionWindows {
  private constructor(
    readonly inactivityGapMs: number,
    readonly graceMs: number,
  ) {}

  static ofInactivityGapWithNoGrace(inactivityGapMs: number): SessionWindows {
    return SessionWindows.ofInactivityGapAndGrace(inactivityGapMs, 0);
  }

  static ofInactivityGapAndGrace(inactivityGapMs: number, graceMs: number): SessionWindows {
    if (durationMs(inactivityGapMs, 'inactivity gap') === 0) throw new RangeError('inactivity gap must be > 0');
    return new SessionWindows(inactivityGapMs, durationMs(graceMs, 'grace'));
  }

  retentionMs(): number {
    return this.inactivityGapMs + this.graceMs;
  }
}
