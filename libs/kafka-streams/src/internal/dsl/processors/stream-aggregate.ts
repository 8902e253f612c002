// KGroupedStream count/reduce/aggregate: the new aggregate per key goes to the store and downstream.
import type { KeyValueStore } from '../../../state/store.js';
import { isMissing, processorOf, type Untyped } from './stateful.js';

/** `aggregate` gets the key's current aggregate, or undefined for the key's first record. */
export const streamAggregateProcessor = <K, V, VA>(
  storeName: string,
  aggregate: (key: K, value: V, current: VA | undefined) => VA,
): Untyped =>
  processorOf<K, V, K, VA>((context) => {
    const store = context.getStateStore<KeyValueStore<K, VA>>(storeName);
    return (record) => {
      if (isMissing(record.key) || isMissing(record.value)) return;
      const next = aggregate(record.key, record.value, store.get(record.key));
      store.put(record.key, next);
      context.forward({ ...record, value: next });
    };
  });
