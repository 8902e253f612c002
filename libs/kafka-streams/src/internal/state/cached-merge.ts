// Reads of a cached window or session store: the cached entries of a range merged into the store's own scan of it,
// both in the order the scan promises (Java: MergedSortedCache*StoreIterator). A cached entry replaces the store's
// entry at the same position (same key and time), and a cached delete hides it.
import type { StoreIterator } from '../../state/store.js';
import { storeIterator } from './store-iterator.js';

/** A cached entry, parsed: `value` null for a delete waiting in the cache. */
export interface CachedItem<T> {
  readonly item: T;
  readonly value: Buffer | null;
}

/**
 * `cached` in any order (sorted here); `stored` already sorted by `compare`. Equal positions (compare 0) are the same
 * entry: the cached one wins. Closing the result closes `stored`.
 */
export function mergeCached<T>(
  cached: ReadonlyArray<CachedItem<T>>,
  stored: StoreIterator<T>,
  compare: (a: T, b: T) => number,
): StoreIterator<T> {
  const sorted = [...cached].sort((a, b) => compare(a.item, b.item));
  return storeIterator(
    (function* () {
      let next = 0;
      try {
        for (const item of stored) {
          while (next < sorted.length && compare(sorted[next]!.item, item) < 0) {
            const entry = sorted[next++]!;
            if (entry.value !== null) yield entry.item;
          }
          if (next < sorted.length && compare(sorted[next]!.item, item) === 0) {
            const entry = sorted[next++]!;
            if (entry.value !== null) yield entry.item;
            continue;
          }
          yield item;
        }
        for (; next < sorted.length; next++) {
          const entry = sorted[next]!;
          if (entry.value !== null) yield entry.item;
        }
      } finally {
        stored.close();
      }
    })(),
  );
}
