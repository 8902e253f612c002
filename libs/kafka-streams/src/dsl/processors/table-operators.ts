// KTable filter/mapValues: updates pass through transformed; a tombstone stays a tombstone. A filtered-out
// update becomes a tombstone (the key leaves the result table), as Kafka Streams sends for materialized tables.
import type { Record } from '../../processor/api.js';
import { processorOf, type Untyped } from './stateful.js';

export const tableFilterProcessor = <K, V>(predicate: (key: K, value: V) => boolean, negate: boolean): Untyped =>
  processorOf<K, V | null, K, V | null>((context) => (record: Record<K, V | null>) => {
    const keep = record.value !== null && predicate(record.key, record.value) !== negate;
    context.forward({ ...record, value: keep ? record.value : null });
  });

export const tableMapValuesProcessor = <K, V, VR>(mapper: (value: V, key: K) => VR): Untyped =>
  processorOf<K, V | null, K, VR | null>((context) => (record) => {
    context.forward({ ...record, value: record.value === null ? null : mapper(record.value, record.key) });
  });
