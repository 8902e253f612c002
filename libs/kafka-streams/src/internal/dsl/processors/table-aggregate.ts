// KGroupedTable count/reduce/aggregate (Java: KTableAggregate, KTableReduce): reads the changes groupBy sent
// through the repartition topic, subtracts the old value and adds the new one (one step, one update, when a
// row stayed in its group), and stores and forwards the key's new aggregate with the one it replaces. An
// aggregate that reaches its initial value (a count of 0) stays in the table, as in Java; only a subtract from
// a key without an aggregate leaves nothing (a tombstone). As Java, an aggregate carries the newest timestamp of
// the updates that made it: the key-value store keeps no timestamps, so they live in `timestampsStoreName`.
import type { KeyValueStore } from '../../../state/store.js';
import { isMissing, processorOf, type Untyped } from './stateful.js';
import { change, type Change } from './table-change.js';
import { forwardsOnFlush } from './cached-forwarding.js';

export interface TableAggregation<K, V, VA> {
  /** The aggregate with `value` added; `current` is undefined for the key's first value. */
  readonly add: (key: K, value: V, current: VA | undefined) => VA;
  readonly subtract: (key: K, value: V, current: VA) => VA;
}

export const tableAggregateProcessor = <K, V, VA>(
  storeName: string,
  timestampsStoreName: string,
  aggregation: TableAggregation<K, V, VA>,
): Untyped =>
  processorOf<K, Change<V>, K, Change<VA>>((context) => {
    const store = context.getStateStore<KeyValueStore<K, VA>>(storeName);
    const timestamps = context.getStateStore<KeyValueStore<K, number>>(timestampsStoreName);
    const cached = forwardsOnFlush<K, VA>(
      store,
      ({ key, newValue, oldValue, timestamp, headers }) =>
        context.forward({
          key,
          value: change(newValue, oldValue),
          timestamp: (newValue === null ? undefined : timestamps.get(key)) ?? timestamp,
          headers,
        }),
      () => true,
    );
    return (record) => {
      if (isMissing(record.key)) return;
      const { newValue, oldValue } = record.value;
      const current = store.get(record.key);
      const withdrawn =
        oldValue !== null && current !== undefined ? aggregation.subtract(record.key, oldValue, current) : current;
      const next = newValue !== null ? aggregation.add(record.key, newValue, withdrawn) : withdrawn;
      const previousTimestamp = current === undefined ? undefined : timestamps.get(record.key);
      const timestamp = Math.max(record.timestamp, previousTimestamp ?? record.timestamp);
      store.put(record.key, next ?? null);
      timestamps.put(record.key, next === undefined ? null : timestamp);
      if (!cached) context.forward({ ...record, timestamp, value: change(next, current) });
    };
  });
