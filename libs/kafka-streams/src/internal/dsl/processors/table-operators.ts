// KTable filter/mapValues (Java: KTableFilter, KTableMapValues): the change's new value (and, when the node
// sends old values, its old one) transformed; a tombstone stays a tombstone. An update failing the filter
// deletes the key from the result: a tombstone, which a filter sending old values skips when the key had no
// row either. With a store (given a Materialized), each result is written to it, and the old value is its row.
import type { OldValues } from '../table-old-values.js';
import { processorOf, type Untyped } from './stateful.js';
import { change, latestOrNot, type Change } from './table-change.js';
import { tableRows, type RowWrite } from './table-materialize.js';

export const tableFilterProcessor = <K, V>(
  predicate: (key: K, value: V) => boolean,
  negate: boolean,
  oldValues: OldValues,
  storeName?: string,
  /** The table filtered is versioned (Java's versioned semantics): a tombstone replacing nothing is still sent. */
  versionedParent = false,
): Untyped =>
  processorOf<K, Change<V>, K, Change<V>>((context) => {
    const rows = tableRows<K, V>(context, storeName, () => oldValues.enabled);
    const kept = (key: K, value: V | null): V | null =>
      value !== null && predicate(key, value) !== negate ? value : null;
    return (record) => {
      const { key } = record;
      const newValue = kept(key, record.value.newValue);
      const sendOld = oldValues.enabled;
      const oldValue = !sendOld ? null : rows ? rows.previous(key) : kept(key, record.value.oldValue);
      if (!versionedParent && sendOld && newValue === null && oldValue === null) return;
      const written = rows?.write(key, newValue, record.timestamp);
      if (written === 'not-put' || rows?.cached) return;
      context.forward({ ...record, value: passedOn(change(newValue, oldValue), record.value, written) });
    };
  });

export const tableMapValuesProcessor = <K, V, VR>(
  mapper: (value: V, key: K) => VR,
  oldValues: OldValues,
  storeName?: string,
): Untyped =>
  processorOf<K, Change<V>, K, Change<VR>>((context) => {
    const rows = tableRows<K, VR>(context, storeName, () => oldValues.enabled);
    const mapped = (key: K, value: V | null): VR | null => (value === null ? null : mapper(value, key));
    return (record) => {
      const { key } = record;
      const newValue = mapped(key, record.value.newValue);
      const oldValue = !oldValues.enabled ? null : rows ? rows.previous(key) : mapped(key, record.value.oldValue);
      const written = rows?.write(key, newValue, record.timestamp);
      if (written === 'not-put' || rows?.cached) return;
      context.forward({ ...record, value: passedOn(change(newValue, oldValue), record.value, written) });
    };
  });

/**
 * As Java: a result kept in a store is out of order when the store said so (a versioned store's history); one passed
 * on without a store stays out of order when its input was (an out-of-order update of a versioned table).
 */
export const passedOn = <V>(result: Change<V>, input: Change<unknown>, written: RowWrite | undefined): Change<V> =>
  latestOrNot(result, written === undefined ? input.isLatest !== false : written === 'latest');
