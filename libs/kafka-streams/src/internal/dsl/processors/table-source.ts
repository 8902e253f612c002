// builder.table() (and global tables): each record updates the table's store (null deletes) and goes downstream
// as a change, with the row it replaces when the table sends old values.
import type { KeyValueStore } from '../../../state/store.js';
import { SourceOldValues, type OldValues } from '../table-old-values.js';
import { isMissing, processorOf, type Untyped } from './stateful.js';
import { change, type Change } from './table-change.js';
import { forwardsOnFlush } from './cached-forwarding.js';

export const tableSourceProcessor = <K, V>(storeName: string, oldValues?: OldValues): Untyped =>
  processorOf<K, V | null, K, Change<V>>((context) => {
    const store = context.getStateStore<KeyValueStore<K, V>>(storeName);
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
