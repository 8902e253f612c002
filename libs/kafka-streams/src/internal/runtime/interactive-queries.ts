// Local interactive queries: read-only views of one store name across every active task of this
// instance (Java's composite read-only stores). Each call asks the provider for the current stores, so a
// view taken before a rebalance throws InvalidStateStoreError instead of reading a closed store.
import type { StateStore, KeyValue, ReadOnlyKeyValueStore } from '../../state/store.js';
import type { ReadOnlySessionStore, ReadOnlyWindowStore } from '../state/typed-window-stores.js';
import type { StoreKind } from '../../state/stores.js';
import type { Windowed } from '../../windows/window.js';
import type { QueryableStoreViews } from '../../runtime/queryable-store-views.js';

/** The stores of one name in the local active tasks; throws InvalidStateStoreError when not queryable now. */
export type StoreProvider = () => ReadonlyArray<StateStore>;

/**
 * The local store that holds `key` (its partition's task runs here), `'elsewhere'` when that task runs on
 * another instance, or undefined when the key's partition is not known (ask every store). Throws like
 * StoreProvider.
 */
export type KeyLocator = (key: unknown) => StateStore | 'elsewhere' | undefined;

export function queryableView<K, V, T extends StoreKind>(
  kind: T,
  provider: StoreProvider,
  locate?: KeyLocator,
): QueryableStoreViews<K, V>[T] {
  const views: { [S in StoreKind]: () => QueryableStoreViews<K, V>[S] } = {
    'key-value': () => new CompositeKeyValueView<K, V>(provider, locate),
    window: () => new CompositeWindowView<K, V>(provider),
    session: () => new CompositeSessionView<K, V>(provider),
  };
  return views[kind]();
}

// The stores come from builders of the requested kind (checked by the caller); their key and value
// types are the caller's claim, as with Java's QueryableStoreTypes.
const as = <S>(stores: ReadonlyArray<StateStore>): S[] => stores as unknown as S[];

class CompositeKeyValueView<K, V> implements ReadOnlyKeyValueStore<K, V> {
  constructor(
    private readonly provider: StoreProvider,
    private readonly locate?: KeyLocator,
  ) {}

  private stores(): ReadOnlyKeyValueStore<K, V>[] {
    return as<ReadOnlyKeyValueStore<K, V>>(this.provider());
  }

  /** Reads only the store of the key's partition: undefined when that partition's task runs elsewhere. */
  get(key: K): V | undefined {
    const located = this.locate?.(key);
    if (located === 'elsewhere') return undefined;
    if (located) return (located as unknown as ReadOnlyKeyValueStore<K, V>).get(key);
    for (const store of this.stores()) {
      const value = store.get(key);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  /** Entries of each task in key order, one task after the other (as Java's composite store). */
  async *range(from?: K, to?: K): AsyncIterable<KeyValue<K, V>> {
    for (const store of this.stores()) yield* store.range(from, to);
  }

  async *all(): AsyncIterable<KeyValue<K, V>> {
    for (const store of this.stores()) yield* store.all();
  }

  approximateNumEntries(): number {
    return this.stores().reduce((sum, store) => sum + store.approximateNumEntries(), 0);
  }
}

class CompositeWindowView<K, V> implements ReadOnlyWindowStore<K, V> {
  constructor(private readonly provider: StoreProvider) {}

  private stores(): ReadOnlyWindowStore<K, V>[] {
    return as<ReadOnlyWindowStore<K, V>>(this.provider());
  }

  fetch(key: K, windowStartMs: number): V | undefined {
    for (const store of this.stores()) {
      const value = store.fetch(key, windowStartMs);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  fetchRange(key: K, fromMs: number, toMs: number): Array<{ readonly windowStartMs: number; readonly value: V }> {
    return this.stores()
      .flatMap((store) => store.fetchRange(key, fromMs, toMs))
      .sort((a, b) => a.windowStartMs - b.windowStartMs);
  }

  fetchAll(fromMs: number, toMs: number): Array<{ readonly key: Windowed<K>; readonly value: V }> {
    return this.stores().flatMap((store) => store.fetchAll(fromMs, toMs));
  }

  all(): Array<{ readonly key: Windowed<K>; readonly value: V }> {
    return this.stores().flatMap((store) => store.all());
  }

  approximateNumEntries(): number {
    return this.stores().reduce((sum, store) => sum + store.approximateNumEntries(), 0);
  }
}

class CompositeSessionView<K, V> implements ReadOnlySessionStore<K, V> {
  constructor(private readonly provider: StoreProvider) {}

  private stores(): ReadOnlySessionStore<K, V>[] {
    return as<ReadOnlySessionStore<K, V>>(this.provider());
  }

  findSessions(
    key: K,
    earliestEndMs: number,
    latestStartMs: number,
  ): Array<{ readonly key: Windowed<K>; readonly value: V }> {
    return this.stores().flatMap((store) => store.findSessions(key, earliestEndMs, latestStartMs));
  }

  fetch(key: K): Array<{ readonly key: Windowed<K>; readonly value: V }> {
    return this.stores().flatMap((store) => store.fetch(key));
  }

  all(): Array<{ readonly key: Windowed<K>; readonly value: V }> {
    return this.stores().flatMap((store) => store.all());
  }

  approximateNumEntries(): number {
    return this.stores().reduce((sum, store) => sum + store.approximateNumEntries(), 0);
  }
}
