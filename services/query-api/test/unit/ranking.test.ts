// Ranking keeps exactly the best words as counts change, and says when it cannot without a rebuild.
import { describe, expect, it } from '@jest/globals';
import { byRank, Ranking } from '../../src/counts/ranking.js';

/** The truth: every word with a count, sorted. */
function bruteForceTop(counts: Map<string, number>, n: number) {
  return [...counts]
    .map(([word, count]) => ({ word, count }))
    .sort(byRank)
    .slice(0, n);
}

/** A reproducible pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('Ranking', () => {
  it('orders by count, then by word', () => {
    const ranking = new Ranking(3);
    for (const [word, count] of [
      ['b', 2],
      ['a', 2],
      ['c', 5],
      ['d', 1],
    ] as const)
      ranking.offer(word, count);
    expect(ranking.top(3)).toEqual([
      { word: 'c', count: 5 },
      { word: 'a', count: 2 },
      { word: 'b', count: 2 },
    ]);
    expect(ranking.top(1)).toEqual([{ word: 'c', count: 5 }]);
  });

  it('matches a full sort under 20,000 growing counts', () => {
    const next = random(7);
    const counts = new Map<string, number>();
    const ranking = new Ranking(10);
    for (let i = 0; i < 20_000; i += 1) {
      // Skewed, like words: a few are frequent, most are rare.
      const word = `w${Math.floor(next() ** 3 * 500)}`;
      const count = (counts.get(word) ?? 0) + 1 + Math.floor(next() * 3);
      counts.set(word, count);
      expect(ranking.offer(word, count)).toBe(true);
      if (i % 997 === 0) expect(ranking.top(10)).toEqual(bruteForceTop(counts, 10));
    }
    expect(ranking.top(10)).toEqual(bruteForceTop(counts, 10));
  });

  it('takes falls and deletions while it still holds every word', () => {
    const ranking = new Ranking(5);
    ranking.offer('a', 5);
    ranking.offer('b', 3);
    expect(ranking.offer('a', 1)).toBe(true);
    expect(ranking.offer('b', undefined)).toBe(true);
    expect(ranking.top(5)).toEqual([{ word: 'a', count: 1 }]);
  });

  it('takes a fall that keeps the word ahead of the last place', () => {
    const ranking = new Ranking(3);
    for (const [word, count] of [
      ['a', 9],
      ['b', 5],
      ['c', 2],
      ['d', 1],
    ] as const)
      ranking.offer(word, count);
    expect(ranking.offer('a', 4)).toBe(true);
    expect(ranking.top(3).map((e) => e.word)).toEqual(['b', 'a', 'c']);
  });

  it('asks for a rebuild when a word it left out might now rank', () => {
    const ranking = new Ranking(2);
    for (const [word, count] of [
      ['a', 9],
      ['b', 5],
      ['c', 4],
    ] as const)
      ranking.offer(word, count);
    expect(ranking.offer('b', 1)).toBe(false); // c (4) would rank now, but was never kept
    const deleting = new Ranking(2);
    for (const [word, count] of [
      ['a', 9],
      ['b', 5],
      ['c', 4],
    ] as const)
      deleting.offer(word, count);
    expect(deleting.offer('a', undefined)).toBe(false);
    expect(deleting.offer('a', 0)).toBe(true); // already gone: nothing changes
  });

  it('ignores words without a count', () => {
    const ranking = new Ranking(2);
    expect(ranking.offer('ghost', 0)).toBe(true);
    expect(ranking.top(2)).toEqual([]);
  });
});
