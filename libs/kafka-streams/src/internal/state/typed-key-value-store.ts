import type { Serde } from '../../serde/serde.js';
import { StoreFacade } from './store-facade.js';
import type { BytesKeyValueStore, KeyValue, KeyValueStore } from '../../state/store.js';
import { canListenToFlushes, type CacheFlushListener, type FlushListenerHost } from './cache-flush-listener.js';

/** The typed face of a byte store: serdes on the way in and out. Stores are named after their topic-less serde use. */
export class TypedKeyValueStore<K, V>
  extends StoreFacade<BytesKeyValueStore>
  implements KeyValueStore<K, V>, FlushListenerHost<K, V>
{
  constructor(
    bytes: BytesKeyValueStore,
    private readonly keySerde: Serde<K>,
    private readonly valueSerde: Serde<V>,
  ) {
    super(bytes);
  }

  private keyBytes(key: K): Buffer {
    const bytes = this.keySerde.serialize(this.name, key);
    if (bytes === null) throw new Error(`state store "${this.name}": null keys are not allowed`);
    return bytes;
  }

  private value(bytes: Buffer | undefined): V | undefined {
    return bytes === undefined ? undefined : this.valueSerde.deserialize(this.name, bytes);
  }

  /** Deserializes what a cached byte store flushes; false when the store is not cached. */
  setFlushListener(listener: CacheFlushListener<K, V>, sendOldValues: () => boolean): boolean {
    if (!canListenToFlushes<Buffer, Buffer>(this.inner)) return false;
    const value = (bytes: Buffer | null): V | null =>
      bytes === null ? null : this.valueSerde.deserialize(this.name, bytes);
    return this.inner.setFlushListener(
      (update) =>
        listener({
          ...update,
          key: this.keySerde.deserialize(this.name, update.key),
          newValue: value(update.newValue),
          oldValue: value(update.oldValue),
        }),
      sendOldValues,
    );
  }

  get(key: K): V | undefined {
    return this.value(this.inner.get(this.keyBytes(key)));
  }

  put(key: K, value: V | null): void {
    this.inner.put(this.keyBytes(key), value === null ? null : this.valueSerde.serialize(this.name, value));
  }

  putIfAbsent(key: K, value: V): V | undefined {
    const current = this.get(key);
    if (current === undefined) this.put(key, value);
    return current;
  }

  putAll(entries: Iterable<KeyValue<K, V | null>>): void {
    for (const { key, value } of entries) this.put(key, value);
  }

  delete(key: K): V | undefined {
    const current = this.get(key);
    if (current !== undefined) this.put(key, null);
    return current;
  }

  async *range(from?: K, to?: K): AsyncIterable<KeyValue<K, V>> {
    const lower = from === undefined ? undefined : this.keyBytes(from);
    const upper = to === undefined ? undefined : this.keyBytes(to);
    for await (const entry of this.inner.range(lower, upper)) {
      yield {
        key: this.keySerde.deserialize(this.name, entry.key),
        value: this.valueSerde.deserialize(this.name, entry.value),
      };
    }
  }

  all(): AsyncIterable<KeyValue<K, V>> {
    return this.range();
  }
}
