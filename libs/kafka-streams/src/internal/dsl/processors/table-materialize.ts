// Materialized tables: a table processor that owns a key-value store writes each update into it before
// forwarding (a null value deletes the key), so joins and interactive queries see the table's current state.
import type { ProcessorContext, Record } from '../../../processor/api.js';
import type { KeyValueStore } from '../../../state/store.js';
import { isMissing, processorOf, type Untyped } from './stateful.js';

/** A forward that first writes the update to the table's store, when the table has one (a null key has no row). */
export function tableForwarder<K, V>(
  context: ProcessorContext<K, V | null>,
  storeName: string | undefined,
): (record: Record<K, V | null>) => void {
  if (storeName === undefined) return (record) => context.forward(record);
  const store = context.getStateStore<KeyValueStore<K, V>>(storeName);
  return (record) => {
    if (!isMissing(record.key)) store.put(record.key, record.value);
    context.forward(record);
  };
}

/**
 * Passes a table's updates on, writing them to `storeName` when given: materializes a table that has no
 * store yet (joins need one) and merges the two sides of a table-table join. A null key has no row: dropped.
 */
export const tableMaterializeProcessor = <K, V>(storeName: string | undefined): Untyped =>
  processorOf<K, V | null, K, V | null>((context) => {
    const forward = tableForwarder(context, storeName);
    return (record) => {
      if (!isMissing(record.key)) forward({ ...record, value: record.value ?? null });
    };
  });
