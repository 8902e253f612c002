// KGroupedStream count/reduce/aggregate: the new aggregate per key goes to the store and downstream.
import type { KeyValueStore } from '../../../state/store.js';
import { isMissing, processorOf, type Untyped } from './stateful.js';
import { change, type Change } from './table-change.js';

/**
 * `aggregate` gets the key's current aggregate, or undefined for the key's first record (reduce). With an
 * `initializer` (count, aggregate) the first record gets its value instead, which is also the old value of the
 * key's first update, as in Java (a filter below sees the initial value leave).
 */
export const streamAggregateProcessor = <K, V, VA>(
  storeName: string,
  aggregate: (key: K, value: V, current: VA | undefined) => VA,
  initializer?: () => VA,
): Untyped =>
  processorOf<K, V, K, Change<VA>>((context) => {
    const store = context.getStateStore<KeyValueStore<K, VA>>(storeName);
    return (record) => {
      if (isMissing(record.key) || isMissing(record.value)) return;
      const current = store.get(record.key) ?? initializer?.();
      const next = aggregate(record.key, record.value, current);
      store.put(record.key, next);
      context.forward({ ...record, value: change(next, current) });
    };
  });
