// How table operators read a table's store, whether it is a key-value store or a versioned one (KIP-914): the
// current value is the latest version; a stream-table join against a versioned table reads the version valid at
// the stream record's timestamp.
import type { ProcessorContext } from '../../processor/api.js';
import type { KeyValueStore } from '../../state/store.js';
import type { VersionedKeyValueStore } from '../../state/versioned-store.js';
import { isVersionedStore } from '../state/typed-versioned-store.js';

export interface TableStoreReader<K, V> {
  readonly versioned: boolean;
  /** The key's current value. */
  latest(key: K): V | undefined;
  /** The value as of `timestamp` for a versioned table; the current value otherwise. */
  asOf(key: K, timestamp: number): V | undefined;
}

export function tableStoreReader<K, V>(
  context: Pick<ProcessorContext<unknown, unknown>, 'getStateStore'>,
  storeName: string,
): TableStoreReader<K, V> {
  const store = context.getStateStore<KeyValueStore<K, V> | VersionedKeyValueStore<K, V>>(storeName);
  if (isVersionedStore(store)) {
    const versioned = store as VersionedKeyValueStore<K, V>;
    return {
      versioned: true,
      latest: (key) => versioned.get(key)?.value,
      asOf: (key, timestamp) => versioned.get(key, timestamp)?.value,
    };
  }
  const plain = store as KeyValueStore<K, V>;
  return { versioned: false, latest: (key) => plain.get(key), asOf: (key) => plain.get(key) };
}
