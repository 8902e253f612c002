// When the fetcher mentions a partition held back by an open transaction, and when it warns that the transaction
// looks hanging: the clock is passed in, so each step is an exact time.
import { describe, expect, it } from '@jest/globals';
import { HeldBackWatch } from '../../../../src/internal/client/platformatic/held-back-watch.js';

const LOG_EVERY_MS = 10_000;
const WARN_AFTER_MS = 120_000;

describe('HeldBackWatch', () => {
  it('mentions a hold at debug level at most every 10 s, and warns once it lasted 120 s, then every 120 s', () => {
    const watch = new HeldBackWatch(LOG_EVERY_MS, WARN_AFTER_MS);
    const reports = [0, 5_000, 10_000, 119_999, 120_000, 125_000, 130_000, 239_999, 240_000].map((t) => [
      t,
      watch.observe(7n, t),
    ]);
    expect(reports).toEqual([
      [0, 'debug'],
      [5_000, undefined],
      [10_000, 'debug'],
      [119_999, 'debug'],
      [120_000, 'warn'],
      [125_000, undefined],
      [130_000, 'debug'],
      [239_999, 'debug'],
      [240_000, 'warn'],
    ]);
    expect(watch.heldForMs(240_000)).toBe(240_000);
  });

  it('starts counting again when the partition moves to another offset: a long stream of short transactions is not a hang', () => {
    const watch = new HeldBackWatch(LOG_EVERY_MS, WARN_AFTER_MS);
    for (let t = 0, position = 0n; t <= 600_000; t += 5_000, position++) {
      expect(watch.observe(position, t)).not.toBe('warn');
    }
    expect(watch.heldForMs(600_000)).toBe(0);
  });

  it('starts afresh after a reset (a seek), even at the same offset', () => {
    const watch = new HeldBackWatch(LOG_EVERY_MS, WARN_AFTER_MS);
    watch.observe(3n, 0);
    watch.reset();
    expect(watch.heldForMs(100_000)).toBe(0);
    expect(watch.observe(3n, 100_000)).toBe('debug');
    expect(watch.observe(3n, 219_999)).toBe('debug');
    expect(watch.observe(3n, 220_000)).toBe('warn');
  });
});
