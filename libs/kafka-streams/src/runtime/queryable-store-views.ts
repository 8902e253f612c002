import type { ReadOnlyKeyValueStore, ReadOnlySessionStore, ReadOnlyWindowStore } from '../state/store.js';
import type { ReadOnlyVersionedKeyValueStore } from '../state/versioned-store.js';

/** What `KafkaStreams.store` returns for each kind of store. */
export interface QueryableStoreViews<K, V> {
  'key-value': ReadOnlyKeyValueStore<K, V>;
  window: ReadOnlyWindowStore<K, V>;
  session: ReadOnlySessionStore<K, V>;
  versioned: ReadOnlyVersionedKeyValueStore<K, V>;
}
