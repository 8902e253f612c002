// KTable filter/mapValues: updates pass through transformed; a tombstone stays a tombstone. A filtered-out
// update becomes a tombstone (the key leaves the result table), as Kafka Streams sends for materialized tables.
// With a store (filter/mapValues given a Materialized), each result is written to it before it goes on.
import type { Record } from '../../../processor/api.js';
import { processorOf, type Untyped } from './stateful.js';
import { tableForwarder } from './table-materialize.js';

export const tableFilterProcessor = <K, V>(
  predicate: (key: K, value: V) => boolean,
  negate: boolean,
  storeName?: string,
): Untyped =>
  processorOf<K, V | null, K, V | null>((context) => {
    const forward = tableForwarder(context, storeName);
    return (record: Record<K, V | null>) => {
      const keep = record.value !== null && predicate(record.key, record.value) !== negate;
      forward({ ...record, value: keep ? record.value : null });
    };
  });

export const tableMapValuesProcessor = <K, V, VR>(mapper: (value: V, key: K) => VR, storeName?: string): Untyped =>
  processorOf<K, V | null, K, VR | null>((context) => {
    const forward = tableForwarder(context, storeName);
    return (record) => forward({ ...record, value: record.value === null ? null : mapper(record.value, record.key) });
  });
