// Punctuation schedules (Java: PunctuationQueue / PunctuationSchedule). A punctuator fires at most once per
// check, with the current time; if intervals were missed it is re-aligned to the next multiple of its interval.
import type { Cancellable } from '../../processor/api.js';

interface Schedule {
  readonly nodeName: string;
  due: number;
  readonly intervalMs: number;
  readonly punctuator: (timestampMs: number) => void;
  cancelled: boolean;
  readonly sequence: number;
}

export class PunctuationQueue {
  private schedules: Schedule[] = [];
  private sequence = 0;

  schedule(
    nodeName: string,
    firstDue: number,
    intervalMs: number,
    punctuator: (timestampMs: number) => void,
  ): Cancellable {
    if (!Number.isFinite(intervalMs) || intervalMs < 1)
      throw new RangeError(`A punctuation interval must be >= 1 ms, got ${intervalMs}`);
    const entry: Schedule = {
      nodeName,
      due: firstDue,
      intervalMs,
      punctuator,
      cancelled: false,
      sequence: this.sequence++,
    };
    this.schedules.push(entry);
    return {
      cancel: () => {
        entry.cancelled = true;
        this.schedules = this.schedules.filter((s) => s !== entry);
      },
    };
  }

  /** Fires every schedule due at `now`, earliest first; `run` wraps each call (node context, error handling). */
  fireDue(now: number, run: (nodeName: string, fire: () => void) => void): number {
    let fired = 0;
    for (;;) {
      const next = this.schedules
        .filter((s) => !s.cancelled && s.due <= now)
        .sort((a, b) => a.due - b.due || a.sequence - b.sequence)[0];
      if (!next) return fired;
      const missed = Math.floor((now - next.due) / next.intervalMs);
      next.due += (missed + 1) * next.intervalMs;
      fired++;
      run(next.nodeName, () => next.punctuator(now));
    }
  }

  clear(): void {
    this.schedules = [];
  }
}
