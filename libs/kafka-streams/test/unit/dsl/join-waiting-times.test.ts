import { describe, expect, it } from '@jest/globals';
import { SortedCounts } from '../../../src/internal/dsl/processors/join-waiting-times.js';

describe('SortedCounts (waiting timestamps of a left/outer stream-stream join)', () => {
  it('keeps timestamps in order with their counts, whatever the order they are added in', () => {
    const counts = new SortedCounts();
    for (const t of [10, 5, 20, 5, 15]) counts.add(t, 1);
    expect([counts.first(), counts.last()]).toEqual([5, 20]);
    expect([counts.countAt(5), counts.countAt(10), counts.countAt(11)]).toEqual([2, 1, 0]);
    expect([counts.after(5), counts.after(12), counts.after(20)]).toEqual([10, 15, undefined]);
  });

  it('takes the timestamps up to a bound from the front, and forgets removed records', () => {
    const counts = new SortedCounts();
    for (const t of [1, 2, 3, 4, 5]) counts.add(t, 2);
    counts.remove(3, 1);
    counts.remove(4, 2);
    expect(counts.takeUpTo(3)).toEqual([1, 2, 3]);
    expect(counts.countAt(4)).toBe(0);
    expect(counts.first()).toBe(5);
    expect(counts.takeUpTo(10)).toEqual([5]);
    expect(counts.isEmpty).toBe(true);
    expect(counts.first()).toBeUndefined();
  });

  it('stays correct across compactions of a long-running front', () => {
    const counts = new SortedCounts();
    for (let t = 0; t < 5000; t++) counts.add(t, 1);
    expect(counts.takeUpTo(2999)).toHaveLength(3000);
    counts.add(2500, 1); // an out-of-order record older than everything left
    expect([counts.first(), counts.last(), counts.countAt(3000)]).toEqual([2500, 4999, 1]);
    expect(counts.takeUpTo(3000)).toEqual([2500, 3000]);
  });
});
