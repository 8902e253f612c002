// KGroupedStream count/reduce/aggregate (Java: KStreamAggregate / KStreamReduce): the new aggregate per key goes to
// the store and downstream, carrying the largest timestamp aggregated into it so far (kept with the aggregate in a
// timestamped store), so an out-of-order record does not move the result's timestamp back.
import type { TimestampedKeyValueStore } from '../timestamped-key-value-store.js';
import { isMissing, processorOf, type Untyped } from './stateful.js';

/** `aggregate` gets the key's current aggregate, or undefined for the key's first record. */
export const streamAggregateProcessor = <K, V, VA>(
  storeName: string,
  aggregate: (key: K, value: V, current: VA | undefined) => VA,
): Untyped =>
  processorOf<K, V, K, VA>((context) => {
    const store = context.getStateStore<TimestampedKeyValueStore<K, VA>>(storeName);
    return (record) => {
      if (isMissing(record.key) || isMissing(record.value)) return;
      const current = store.getWithTimestamp(record.key);
      const next = aggregate(record.key, record.value, current?.value);
      const timestamp = current === undefined ? record.timestamp : Math.max(record.timestamp, current.timestamp);
      store.putWithTimestamp(record.key, next === null ? null : { value: next, timestamp });
      context.forward({ ...record, value: next, timestamp });
    };
  });
