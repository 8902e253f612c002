// A window store whose values carry a timestamp (Java: TimestampedWindowStore). The sliding-window
// aggregation keeps, per window, its aggregate and the newest record timestamp in it. Values are stored and
// changelogged as Kafka Streams stores them: <timestamp: int64 big-endian><value bytes>. The plain
// WindowStore methods read and write the value alone, so interactive queries and test drivers see aggregates.
import type { Serde } from '../../serde/serde.js';
import type { Windowed } from '../../windows/window.js';
import { StoreFacade } from './store-facade.js';
import type { StoreBuilder } from '../../state/stores.js';
import type { StoreIterator, WindowStore } from '../../state/store.js';
import { mapIterator } from './store-iterator.js';
import { canListenToFlushes, type CacheFlushListener } from './cache-flush-listener.js';
import { TypedWindowStore } from './typed-window-stores.js';

export interface ValueAndTimestamp<V> {
  readonly value: V;
  readonly timestamp: number;
}

/** Java's "no timestamp": what a plain `put` records, as Kafka Streams' window store facade does. */
const NO_TIMESTAMP = -1;
const LONG = 8;

export function valueAndTimestampSerde<V>(inner: Serde<V>): Serde<ValueAndTimestamp<V>> {
  const name = `ValueAndTimestamp<${inner.name}>`;
  return {
    name,
    serialize(topic: string, data: ValueAndTimestamp<V>): Buffer {
      const value = inner.serialize(topic, data.value);
      if (value === null) throw new Error(`${name}: the value serde ${inner.name} serialized a value to null`);
      const out = Buffer.alloc(LONG + value.length);
      out.writeBigInt64BE(BigInt(data.timestamp));
      value.copy(out, LONG);
      return out;
    },
    deserialize(topic: string, data: Buffer | null): ValueAndTimestamp<V> {
      if (data === null || data.length < LONG)
        throw new Error(`${name}: ${data === null ? 'null' : `${data.length} bytes`} is not a timestamped value`);
      return { timestamp: Number(data.readBigInt64BE(0)), value: inner.deserialize(topic, data.subarray(LONG)) };
    },
  };
}

export class TimestampedWindowStore<K, V>
  extends StoreFacade<WindowStore<K, ValueAndTimestamp<V>>>
  implements WindowStore<K, V>
{
  constructor(inner: WindowStore<K, ValueAndTimestamp<V>>) {
    super(inner);
  }

  /** Registers the listener of a cached store (see cache-flush-listener.ts); false when the store is not cached. */
  setFlushListener(
    listener: CacheFlushListener<Windowed<K>, ValueAndTimestamp<V>>,
    sendOldValues: () => boolean,
  ): boolean {
    const inner = this.inner;
    return (
      canListenToFlushes<Windowed<K>, ValueAndTimestamp<V>>(inner) && inner.setFlushListener(listener, sendOldValues)
    );
  }

  putWithTimestamp(key: K, value: ValueAndTimestamp<V> | null, windowStartMs: number): void {
    this.inner.put(key, value, windowStartMs);
  }

  fetchWithTimestamp(key: K, windowStartMs: number): ValueAndTimestamp<V> | undefined {
    return this.inner.fetch(key, windowStartMs);
  }

  /**
   * Windows of `key` starting in [fromMs, toMs], oldest first, with their timestamps. `storeFromMs`: the oldest
   * start the store answers with; windows in the record cache are answered whatever their start (as Java's cache).
   */
  fetchRangeWithTimestamp(
    key: K,
    fromMs: number,
    toMs: number,
    storeFromMs = fromMs,
  ): Array<{ readonly windowStartMs: number; readonly value: ValueAndTimestamp<V> }> {
    const inner = this.inner;
    if (inner instanceof TypedWindowStore) return inner.fetchRange(key, fromMs, toMs, storeFromMs);
    return inner.fetchRange(key, Math.max(fromMs, storeFromMs), toMs);
  }

  /** Windows of every key starting in [fromMs, toMs], with their timestamps; `storeFromMs` as fetchRangeWithTimestamp's. */
  fetchAllWithTimestamp(
    fromMs: number,
    toMs: number,
    storeFromMs = fromMs,
  ): Array<{ readonly key: Windowed<K>; readonly value: ValueAndTimestamp<V> }> {
    const inner = this.inner;
    if (inner instanceof TypedWindowStore) return inner.fetchAll(fromMs, toMs, storeFromMs);
    return inner.fetchAll(Math.max(fromMs, storeFromMs), toMs);
  }

  put(key: K, value: V | null, windowStartMs: number): void {
    this.inner.put(key, value === null ? null : { value, timestamp: NO_TIMESTAMP }, windowStartMs);
  }

  fetch(key: K, windowStartMs: number): V | undefined {
    return this.inner.fetch(key, windowStartMs)?.value;
  }

  fetchRange(key: K, fromMs: number, toMs: number): Array<{ readonly windowStartMs: number; readonly value: V }> {
    return this.inner
      .fetchRange(key, fromMs, toMs)
      .map((e) => ({ windowStartMs: e.windowStartMs, value: e.value.value }));
  }

  fetchAll(fromMs: number, toMs: number): Array<{ readonly key: Windowed<K>; readonly value: V }> {
    return this.inner.fetchAll(fromMs, toMs).map((e) => ({ key: e.key, value: e.value.value }));
  }

  all(): Array<{ readonly key: Windowed<K>; readonly value: V }> {
    return this.inner.all().map((e) => ({ key: e.key, value: e.value.value }));
  }

  iterateByTime(fromMs: number, toMs: number): StoreIterator<{ readonly key: Windowed<K>; readonly value: V }> {
    return mapIterator(this.inner.iterateByTime(fromMs, toMs), (e) => ({ key: e.key, value: e.value.value }));
  }

  iterateAll(fromMs: number, toMs: number): StoreIterator<{ readonly key: Windowed<K>; readonly value: V }> {
    return mapIterator(this.inner.iterateAll(fromMs, toMs), (e) => ({ key: e.key, value: e.value.value }));
  }
}

/** A window store builder whose stores keep a timestamp with each value (built on a plain window store). */
export function timestampedWindowStoreBuilder<K, V>(
  inner: StoreBuilder<WindowStore<K, ValueAndTimestamp<V>>>,
): StoreBuilder<TimestampedWindowStore<K, V>> {
  return {
    ...inner, // name, kind, persistence, changelog settings: those of the plain store
    withLoggingDisabled: () => timestampedWindowStoreBuilder(inner.withLoggingDisabled()),
    withInMemory: () => timestampedWindowStoreBuilder(inner.withInMemory()),
    withCachingEnabled: () => timestampedWindowStoreBuilder(inner.withCachingEnabled()),
    withCachingDisabled: () => timestampedWindowStoreBuilder(inner.withCachingDisabled()),
    build: (context) => {
      const built = inner.build(context);
      return { ...built, store: new TimestampedWindowStore(built.store) }; // restore, bulkLoading: the inner store's
    },
  };
}
