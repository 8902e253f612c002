// Scans of window and session stores are synchronous (processors read them per record) but may cover much
// of a store, so they are iterators that read as they go and must be closed when left early. A `for...of`
// loop closes them itself, on break and on throw.
import type { StoreIterator } from '../../state/store.js';

/** Wraps a generator: `close()` runs its `finally` blocks, which release what it holds (a database cursor). */
export function storeIterator<T>(generator: Generator<T, void, undefined>): StoreIterator<T> {
  return {
    next: () => generator.next() as IteratorResult<T, undefined>,
    return: (value?: unknown) => {
      generator.return(undefined);
      return { done: true, value: value as undefined };
    },
    close: () => {
      generator.return(undefined);
    },
    [Symbol.iterator]() {
      return this;
    },
  };
}

/** The same scan with each item mapped; closing it closes the source. */
export function mapIterator<T, U>(source: StoreIterator<T>, map: (item: T) => U): StoreIterator<U> {
  return storeIterator(
    (function* () {
      try {
        for (const item of source) yield map(item);
      } finally {
        source.close();
      }
    })(),
  );
}

/** Reads a whole iterator into an array and closes it: for scans known to be small (one key's windows). */
export function drain<T>(iterator: StoreIterator<T>): T[] {
  try {
    return [...iterator];
  } finally {
    iterator.close();
  }
}

/** Merges iterators each sorted by `compare` into one sorted iterator (a few segments: a linear pick suffices). */
export function* mergeSorted<T>(
  sources: ReadonlyArray<Iterator<T>>,
  compare: (a: T, b: T) => number,
): Generator<T, void, undefined> {
  const heads: Array<IteratorResult<T>> = sources.map((source) => source.next());
  try {
    for (;;) {
      let best = -1;
      for (let i = 0; i < heads.length; i++) {
        const head = heads[i]!;
        if (head.done === true) continue;
        if (best < 0 || compare(head.value, (heads[best] as IteratorYieldResult<T>).value) < 0) best = i;
      }
      if (best < 0) return;
      yield (heads[best] as IteratorYieldResult<T>).value;
      heads[best] = sources[best]!.next();
    }
  } finally {
    for (const source of sources) source.return?.();
  }
}
