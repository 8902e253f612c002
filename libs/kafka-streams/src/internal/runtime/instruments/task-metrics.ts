import type { StateStore } from '../../../state/store.js';

/** Approximate entries per store, for stores that can tell (the library's stores all can). */
export function storeEntries(stores: Iterable<readonly [string, StateStore]>): Record<string, number> {
  const entries: Record<string, number> = {};
  for (const [name, store] of stores) {
    const sized = store as StateStore & { approximateNumEntries?: unknown };
    if (typeof sized.approximateNumEntries === 'function') entries[name] = Number(sized.approximateNumEntries());
  }
  return entries;
}
