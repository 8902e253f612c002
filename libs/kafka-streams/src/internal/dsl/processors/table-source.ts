// builder.table() (and global tables): each record updates the table's store (null deletes) and goes downstream
// as a change, with the row it replaces when the table sends old values.
import type { KeyValueStore } from '../../../state/store.js';
import {
  PUT_RETURN_CODE_NOT_PUT,
  PUT_RETURN_CODE_VALID_TO_UNDEFINED,
  type VersionedKeyValueStore,
} from '../../../state/versioned-store.js';
import { isVersionedStore } from '../../state/typed-versioned-store.js';
import { SourceOldValues, type OldValues } from '../table-old-values.js';
import { isMissing, processorOf, type Untyped } from './stateful.js';
import { change, latestOrNot, type Change } from './table-change.js';
import { forwardsOnFlush } from './cached-forwarding.js';

export const tableSourceProcessor = <K, V>(storeName: string, oldValues?: OldValues): Untyped =>
  processorOf<K, V | null, K, Change<V>>((context) => {
    const table = context.getStateStore<KeyValueStore<K, V> | VersionedKeyValueStore<K, V>>(storeName);
    if (isVersionedStore(table)) return versionedSourceStep(context, table as VersionedKeyValueStore<K, V>, oldValues);
    const store = table as KeyValueStore<K, V>;
    // A source Java would not materialize has no store there, so nothing cached: it forwards every update itself.
    const materialized = !(oldValues instanceof SourceOldValues) || oldValues.materialized;
    const cached =
      materialized &&
      forwardsOnFlush<K, V>(
        store,
        ({ key, newValue, oldValue, timestamp, headers }) =>
          context.forward({ key, value: change(newValue, oldValue), timestamp, headers }),
        () => oldValues?.enabled === true,
      );
    return (record) => {
      if (isMissing(record.key)) return;
      if (cached) {
        store.put(record.key, record.value ?? null);
        return;
      }
      const oldValue = oldValues?.enabled === true ? store.get(record.key) : null;
      store.put(record.key, record.value ?? null);
      context.forward({ ...record, value: change(record.value, oldValue) });
    };
  });

/**
 * As Java's KTableSource on a versioned store: the old value is the latest version (whatever the record's time);
 * a record older than the history retention is neither stored nor forwarded; an out-of-order one (older than the
 * latest version) is stored as history and forwarded marked as not latest.
 */
function versionedSourceStep<K, V>(
  context: { forward(record: { key: K; value: Change<V>; timestamp: number }): void },
  store: VersionedKeyValueStore<K, V>,
  oldValues: OldValues | undefined,
): (record: { key: K; value: V | null; timestamp: number }) => void {
  return (record) => {
    if (isMissing(record.key)) return;
    const oldValue = oldValues?.enabled === true ? (store.get(record.key)?.value ?? null) : null;
    const result = store.put(record.key, record.value ?? null, record.timestamp);
    if (result === PUT_RETURN_CODE_NOT_PUT) return;
    const update = change(record.value, oldValue);
    context.forward({ ...record, value: latestOrNot(update, result === PUT_RETURN_CODE_VALID_TO_UNDEFINED) });
  };
}

/**
 * KStream.toTable() (no store of its own): each record is the key's new value; the old one is not known. As Java's
 * table source, a record without a key cannot be a table row, so it is dropped.
 */
export const streamToTableProcessor = <K, V>(): Untyped =>
  processorOf<K, V | null, K, Change<V>>((context) => (record) => {
    if (isMissing(record.key)) return;
    context.forward({ ...record, value: change(record.value, null) });
  });

/** KTable.toStream(): the new values (a null for each delete). */
export const tableToStreamProcessor = <K, V>(): Untyped =>
  processorOf<K, Change<V>, K, V | null>((context) => (record) => {
    context.forward({ ...record, value: record.value.newValue });
  });
