// builder.table(): each record updates the table's store (null deletes) and goes downstream.
import type { KeyValueStore } from '../../../state/store.js';
import { isMissing, processorOf, type Untyped } from './stateful.js';

export const tableSourceProcessor = <K, V>(storeName: string): Untyped =>
  processorOf<K, V | null, K, V | null>((context) => {
    const store = context.getStateStore<KeyValueStore<K, V>>(storeName);
    return (record) => {
      if (isMissing(record.key)) return;
      store.put(record.key, record.value ?? null);
      context.forward({ ...record, value: record.value ?? null });
    };
  });
