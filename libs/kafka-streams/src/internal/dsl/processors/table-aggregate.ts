// KGroupedTable count/reduce/aggregate (Java: KTableAggregate, KTableReduce): reads what groupBy sent through
// the repartition topic, applies the subtractor or the adder as the record's change header says, and stores
// and forwards the key's new aggregate. An aggregate that reaches its initial value (a count of 0) stays in
// the table, as in Java; only a subtract from a key without an aggregate leaves nothing (a tombstone).
import { StreamsError } from '../../../errors/exceptions.js';
import type { KeyValueStore } from '../../../state/store.js';
import { isMissing, processorOf, type Untyped } from './stateful.js';
import { CHANGE_HEADER, changeOf, withoutChange } from './table-change-header.js';

export interface TableAggregation<K, V, VA> {
  /** The aggregate with `value` added; `current` is undefined for the key's first value. */
  readonly add: (key: K, value: V, current: VA | undefined) => VA;
  readonly subtract: (key: K, value: V, current: VA) => VA;
}

export const tableAggregateProcessor = <K, V, VA>(
  storeName: string,
  aggregation: TableAggregation<K, V, VA>,
): Untyped =>
  processorOf<K, V, K, VA | null>((context) => {
    const store = context.getStateStore<KeyValueStore<K, VA>>(storeName);
    return (record) => {
      const change = changeOf(record.headers);
      if (change === undefined) {
        const topic = context.recordMetadata()?.topic ?? 'its input';
        throw new StreamsError(
          `A KGroupedTable aggregation read a record without a valid ${CHANGE_HEADER} header from ${topic}: ` +
            'only its groupBy may write to the repartition topic',
        );
      }
      if (isMissing(record.key) || isMissing(record.value)) return;
      const current = store.get(record.key);
      const next =
        change === 'add'
          ? aggregation.add(record.key, record.value, current)
          : current === undefined
            ? undefined
            : aggregation.subtract(record.key, record.value, current);
      store.put(record.key, next ?? null);
      context.forward({ ...record, value: next ?? null, headers: withoutChange(record.headers) });
    };
  });
