// KGroupedStream count/reduce/aggregate (Java: KStreamAggregate / KStreamReduce): the new aggregate per key goes to
// the store and downstream, carrying the largest timestamp aggregated into it so far (kept with the aggregate in a
// timestamped store), so an out-of-order record does not move the result's timestamp back.
import type { TimestampedKeyValueStore } from '../timestamped-key-value-store.js';
import { isMissing, processorOf, type Untyped } from './stateful.js';
import { change, type Change } from './table-change.js';
import { forwardsAggregatesOnFlush } from './cached-forwarding.js';

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
    const store = context.getStateStore<TimestampedKeyValueStore<K, VA>>(storeName);
    // Cached: the aggregate leaves when the cache is flushed, with its own timestamp and the one it replaced.
    const cached = forwardsAggregatesOnFlush(store, context);
    return (record) => {
      if (isMissing(record.key) || isMissing(record.value)) return;
      const stored = store.getWithTimestamp(record.key);
      const current = stored?.value ?? initializer?.();
      const next = aggregate(record.key, record.value, current);
      const timestamp = stored === undefined ? record.timestamp : Math.max(record.timestamp, stored.timestamp);
      store.putWithTimestamp(record.key, next === null ? null : { value: next, timestamp });
      if (!cached) context.forward({ ...record, value: change(next, current), timestamp });
    };
  });
