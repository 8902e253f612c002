import type { WordCount } from './count-store.js';

/** Ranking order: the higher count first; equal counts by word, so the order is total and stable. */
export function byRank(a: WordCount, b: WordCount): number {
  if (a.count !== b.count) return b.count - a.count;
  return a.word < b.word ? -1 : a.word > b.word ? 1 : 0;
}

/**
 * The `capacity` best words by count, kept sorted as counts change: O(1) for a change that does not touch
 * the ranking (the common case: a word far down the list), O(capacity) otherwise, and no copy of the
 * whole vocabulary in memory.
 *
 * The one thing it cannot do alone: when a ranked word falls (or is deleted) past the last place, an
 * unranked word it never kept might now belong in the ranking. `offer` then answers false, and the owner
 * rebuilds the ranking from a full scan of the store. Word counts only grow, so this only happens after
 * the counts were reset.
 */
export class Ranking {
  private readonly entries: WordCount[] = [];
  private readonly ranked = new Map<string, WordCount>();
  /** True once a word with a count was left out (rejected or pushed out): the ranking no longer holds every word. */
  private leftSomeOut = false;

  constructor(readonly capacity: number) {}

  /** The best `n` words (n <= capacity), best first. */
  top(n: number): WordCount[] {
    return this.entries.slice(0, n);
  }

  /**
   * Applies a word's new count (0 or undefined: the word is gone). Returns false when the ranking may
   * have lost track of its tail and needs a rebuild.
   */
  offer(word: string, count: number | undefined): boolean {
    const next = count !== undefined && count > 0 ? { word, count } : undefined;
    const previous = this.ranked.get(word);
    if (previous === undefined) {
      if (next !== undefined) this.admit(next);
      return true;
    }
    const last = this.entries.at(-1)!;
    this.remove(previous);
    if (next === undefined) return !this.leftSomeOut;
    this.insert(next);
    const rose = next.count >= previous.count;
    // Every unranked word ranks below the last entry: a word still ranked above it has kept its place.
    const stillAhead = previous !== last && byRank(next, last) < 0;
    return rose || stillAhead || !this.leftSomeOut;
  }

  private admit(entry: WordCount): void {
    if (this.entries.length < this.capacity) return this.insert(entry);
    this.leftSomeOut = true;
    const last = this.entries.at(-1)!;
    if (byRank(entry, last) >= 0) return;
    this.remove(last);
    this.insert(entry);
  }

  private insert(entry: WordCount): void {
    this.entries.splice(this.indexOf(entry), 0, entry);
    this.ranked.set(entry.word, entry);
  }

  private remove(entry: WordCount): void {
    this.entries.splice(this.indexOf(entry), 1);
    this.ranked.delete(entry.word);
  }

  /** Where `entry` is, or would be inserted (binary search). */
  private indexOf(entry: WordCount): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (byRank(this.entries[middle]!, entry) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
