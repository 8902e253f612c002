// How a processor learns that its store is cached (Java: CachedStateStore.setFlushListener): it registers a flush
// listener and stops forwarding its updates itself; the store forwards the merged ones when its cache is flushed.
import type { Headers } from '../../serde/serde.js';

/** One key's merged update, as the cache writes it to the store: `oldValue` is the store's value before. */
export interface CachedUpdate<K, V> {
  readonly key: K;
  readonly newValue: V | null;
  /** null when the key had no value, or when old values were not asked for. */
  readonly oldValue: V | null;
  /** The timestamp and headers of the record that last wrote the key. */
  readonly timestamp: number;
  readonly headers: Headers;
}

export type CacheFlushListener<K, V> = (update: CachedUpdate<K, V>) => void;

export interface FlushListenerHost<K, V> {
  /**
   * Registers the listener the cache calls for each update it writes (with the record context of the update set).
   * `sendOldValues` is read at each flush. Returns false when the store is not cached: the caller forwards itself.
   */
  setFlushListener(listener: CacheFlushListener<K, V>, sendOldValues: () => boolean): boolean;
}

export function canListenToFlushes<K, V>(store: object): store is FlushListenerHost<K, V> {
  return typeof (store as Partial<FlushListenerHost<K, V>>).setFlushListener === 'function';
}
