import { describe, expect, it } from '@jest/globals';
import { applyInSlices } from '../../../src/internal/runtime/apply-in-slices.js';

/** Keeps the thread busy for `ms` of wall time, as a slow synchronous store write would. */
const busy = (ms: number): void => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('applyInSlices', () => {
  it('lets the event loop run between slices of slow records', async () => {
    const applied: number[] = [];
    let appliedWhenTheLoopRan: number | undefined;
    setImmediate(() => (appliedWhenTheLoopRan = applied.length));
    const items = Array.from({ length: 100 }, (_, i) => i);
    expect(
      await applyInSlices(
        items,
        (i) => (busy(1), applied.push(i)),
        () => false,
      ),
    ).toBe(true);
    expect(applied).toEqual(items);
    // At least 100 ms of work, sliced at the first look at the clock after 10 ms: the callback queued first ran early.
    expect(appliedWhenTheLoopRan).toBeLessThan(50);
  });

  it('yields between slices of fast records too, and stops between slices when told', async () => {
    const items = Array.from({ length: 10_000 }, (_, i) => i);
    let loopRan = false;
    setImmediate(() => (loopRan = true));
    let applied = 0;
    expect(
      await applyInSlices(
        items,
        () => applied++,
        () => loopRan,
      ),
    ).toBe(false);
    expect(applied).toBeGreaterThan(0);
    expect(applied).toBeLessThan(items.length);
  });
});
