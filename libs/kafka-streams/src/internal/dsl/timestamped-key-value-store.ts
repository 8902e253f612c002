// A key-value store whose values carry a timestamp (Java: TimestampedKeyValueStore), for the aggregations of
// grouped streams: each key keeps its aggregate and the largest timestamp aggregated into it, which results carry.
// It is a view over a plain key-value store of ValueAndTimestamp (stored and changelogged as
// <timestamp: int64 big-endian><value bytes>, like the timestamped window store); the plain KeyValueStore methods
// read and write the value alone, so table joins, interactive queries and test drivers see aggregates.
import type { KeyValue, KeyValueStore } from '../../state/store.js';
import type { StoreBuilder } from '../../state/stores.js';
import { StoreFacade } from '../state/store-facade.js';
import type { ValueAndTimestamp } from '../state/timestamped-window-store.js';
import { canListenToFlushes, type CacheFlushListener } from '../state/cache-flush-listener.js';

/** Java's "no timestamp": what a plain `put` records. */
const NO_TIMESTAMP = -1;

export class TimestampedKeyValueStore<K, V>
  extends StoreFacade<KeyValueStore<K, ValueAndTimestamp<V>>>
  implements KeyValueStore<K, V>
{
  constructor(inner: KeyValueStore<K, ValueAndTimestamp<V>>) {
    super(inner);
  }

  /** The aggregates a cached store flushes, with their timestamps; false when the store is not cached. */
  setFlushListener(listener: CacheFlushListener<K, ValueAndTimestamp<V>>, sendOldValues: () => boolean): boolean {
    const inner = this.inner;
    return canListenToFlushes<K, ValueAndTimestamp<V>>(inner) && inner.setFlushListener(listener, sendOldValues);
  }

  getWithTimestamp(key: K): ValueAndTimestamp<V> | undefined {
    return this.inner.get(key);
  }

  putWithTimestamp(key: K, value: ValueAndTimestamp<V> | null): void {
    this.inner.put(key, value);
  }

  get(key: K): V | undefined {
    return this.inner.get(key)?.value;
  }

  put(key: K, value: V | null): void {
    this.inner.put(key, value === null ? null : { value, timestamp: NO_TIMESTAMP });
  }

  putIfAbsent(key: K, value: V): V | undefined {
    return this.inner.putIfAbsent(key, { value, timestamp: NO_TIMESTAMP })?.value;
  }

  putAll(entries: Iterable<KeyValue<K, V | null>>): void {
    const stamped: Array<KeyValue<K, ValueAndTimestamp<V> | null>> = [];
    for (const { key, value } of entries) {
      stamped.push({ key, value: value === null ? null : { value, timestamp: NO_TIMESTAMP } });
    }
    this.inner.putAll(stamped);
  }

  delete(key: K): V | undefined {
    return this.inner.delete(key)?.value;
  }

  range(from?: K, to?: K): AsyncIterable<KeyValue<K, V>> {
    return values(this.inner.range(from, to));
  }

  all(): AsyncIterable<KeyValue<K, V>> {
    return values(this.inner.all());
  }
}

async function* values<K, V>(entries: AsyncIterable<KeyValue<K, ValueAndTimestamp<V>>>): AsyncIterable<KeyValue<K, V>> {
  for await (const { key, value } of entries) yield { key, value: value.value };
}

/** A key-value store builder whose stores keep a timestamp with each value (built on a plain key-value store). */
export function timestampedKeyValueStoreBuilder<K, V>(
  inner: StoreBuilder<KeyValueStore<K, ValueAndTimestamp<V>>>,
): StoreBuilder<TimestampedKeyValueStore<K, V>> {
  return {
    ...inner, // name, kind, persistence, changelog settings: those of the plain store
    withLoggingDisabled: () => timestampedKeyValueStoreBuilder(inner.withLoggingDisabled()),
    withInMemory: () => timestampedKeyValueStoreBuilder(inner.withInMemory()),
    withCachingEnabled: () => timestampedKeyValueStoreBuilder(inner.withCachingEnabled()),
    withCachingDisabled: () => timestampedKeyValueStoreBuilder(inner.withCachingDisabled()),
    build: (context) => {
      const built = inner.build(context);
      return { ...built, store: new TimestampedKeyValueStore(built.store) };
    },
  };
}
