// Materialized tables: a table processor that owns a key-value store writes each update into it before
// forwarding (a null value deletes the key), so joins and interactive queries see the table's current state.
import type { ProcessorContext } from '../../../processor/api.js';
import type { KeyValueStore } from '../../../state/store.js';
import type { OldValues } from '../table-old-values.js';
import { isMissing, processorOf, type Untyped } from './stateful.js';
import { change, newOnly, type Change } from './table-change.js';

/** The rows of a table processor's own store, when it has one (a null key has no row). */
export interface TableRows<K, V> {
  /** The key's current row, before this update is written. */
  previous(key: K): V | null;
  write(key: K, value: V | null): void;
}

export function tableRows<K, V>(
  context: Pick<ProcessorContext<unknown, unknown>, 'getStateStore'>,
  storeName: string | undefined,
): TableRows<K, V> | undefined {
  if (storeName === undefined) return undefined;
  const store = context.getStateStore<KeyValueStore<K, V>>(storeName);
  return {
    previous: (key) => (isMissing(key) ? null : (store.get(key) ?? null)),
    write: (key, value) => {
      if (!isMissing(key)) store.put(key, value);
    },
  };
}

/**
 * KTABLE-MATERIALIZE, after a table without a store that joins must look up: writes each update to `storeName`;
 * the old value is the store's previous row. A null key has no row: dropped.
 */
export const tableMaterializeProcessor = <K, V>(storeName: string): Untyped =>
  processorOf<K, Change<V>, K, Change<V>>((context) => {
    const rows = tableRows<K, V>(context, storeName)!;
    return (record) => {
      if (isMissing(record.key)) return;
      // An out-of-order update of a versioned table leaves its current rows as they are (KIP-914); the joins
      // after this node drop it.
      if (record.value.isLatest === false) {
        context.forward(record);
        return;
      }
      const oldValue = rows.previous(record.key);
      rows.write(record.key, record.value.newValue);
      context.forward({ ...record, value: change(record.value.newValue, oldValue) });
    };
  });

/**
 * The merge node of a table-table join (Java: KTableKTableJoinMerger): passes both sides' changes on, writing
 * them to `storeName` when the join is materialized; old values are the sides' own.
 */
export const tableJoinMergeProcessor = <K, V>(storeName: string | undefined, oldValues: OldValues): Untyped =>
  processorOf<K, Change<V>, K, Change<V>>((context) => {
    const rows = tableRows<K, V>(context, storeName);
    return (record) => {
      if (isMissing(record.key)) return;
      rows?.write(record.key, record.value.newValue);
      context.forward(oldValues.enabled ? record : { ...record, value: newOnly(record.value) });
    };
  });
