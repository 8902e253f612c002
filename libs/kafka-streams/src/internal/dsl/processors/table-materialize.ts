// Materialized tables: a table processor that owns a key-value store writes each update into it before
// forwarding (a null value deletes the key), so joins and interactive queries see the table's current state.
import type { ProcessorContext } from '../../../processor/api.js';
import type { KeyValueStore } from '../../../state/store.js';
import {
  PUT_RETURN_CODE_NOT_PUT,
  PUT_RETURN_CODE_VALID_TO_UNDEFINED,
  type VersionedKeyValueStore,
} from '../../../state/versioned-store.js';
import { isVersionedStore } from '../../state/typed-versioned-store.js';
import { forwardsOnFlush } from './cached-forwarding.js';
import type { OldValues } from '../table-old-values.js';
import { isMissing, processorOf, type Untyped } from './stateful.js';
import { change, latestOrNot, newOnly, type Change } from './table-change.js';

/**
 * How a row was written: the key's latest, an older version (a versioned store's history: the update goes on
 * marked out of order), or not at all (older than a versioned store's history retention: it goes no further).
 */
export type RowWrite = 'latest' | 'older' | 'not-put';

/** The rows of a table processor's own store, when it has one (a null key has no row). */
export interface TableRows<K, V> {
  /** The key's current row (a versioned store's latest), before this update is written. */
  previous(key: K): V | null;
  /** Writes the row as of the update's timestamp (what a versioned store needs). */
  write(key: K, value: V | null, timestamp: number): RowWrite;
  /**
   * The store is cached: its flushes forward the merged updates (old values when `sendOldValues()` says so, the
   * store's rows before them), and the processor must not forward them itself (Java: TimestampedTupleForwarder).
   * Versioned stores are never cached.
   */
  readonly cached: boolean;
}

export function tableRows<K, V>(
  context: Pick<ProcessorContext<K, Change<V>>, 'getStateStore' | 'forward'>,
  storeName: string | undefined,
  sendOldValues: () => boolean,
): TableRows<K, V> | undefined {
  if (storeName === undefined) return undefined;
  const store = context.getStateStore<KeyValueStore<K, V> | VersionedKeyValueStore<K, V>>(storeName);
  if (isVersionedStore(store)) {
    const versioned = store as VersionedKeyValueStore<K, V>;
    return {
      cached: false,
      previous: (key) => (isMissing(key) ? null : (versioned.get(key)?.value ?? null)),
      write: (key, value, timestamp) => {
        if (isMissing(key)) return 'latest';
        const code = versioned.put(key, value, timestamp);
        return code === PUT_RETURN_CODE_NOT_PUT
          ? 'not-put'
          : code === PUT_RETURN_CODE_VALID_TO_UNDEFINED
            ? 'latest'
            : 'older';
      },
    };
  }
  const plain = store as KeyValueStore<K, V>;
  const cached = forwardsOnFlush<K, V>(
    plain,
    (update) =>
      context.forward({
        key: update.key,
        value: change(update.newValue, update.oldValue),
        timestamp: update.timestamp,
        headers: update.headers,
      }),
    sendOldValues,
  );
  return {
    cached,
    previous: (key) => (isMissing(key) ? null : (plain.get(key) ?? null)),
    write: (key, value) => {
      if (!isMissing(key)) plain.put(key, value);
      return 'latest';
    },
  };
}

/**
 * KTABLE-MATERIALIZE, after a table without a store that joins must look up: writes each update to `storeName`;
 * the old value is the store's previous row. A null key has no row: dropped.
 */
export const tableMaterializeProcessor = <K, V>(storeName: string): Untyped =>
  processorOf<K, Change<V>, K, Change<V>>((context) => {
    const rows = tableRows<K, V>(context, storeName, () => true)!;
    return (record) => {
      if (isMissing(record.key)) return;
      // An out-of-order update of a versioned table leaves its current rows as they are (KIP-914); the joins
      // after this node drop it.
      if (record.value.isLatest === false) {
        context.forward(record);
        return;
      }
      const oldValue = rows.cached ? null : rows.previous(record.key);
      rows.write(record.key, record.value.newValue, record.timestamp);
      if (!rows.cached) context.forward({ ...record, value: change(record.value.newValue, oldValue) });
    };
  });

/**
 * The merge node of a table-table join (Java: KTableKTableJoinMerger): passes both sides' changes on, writing
 * them to `storeName` when the join is materialized; old values are the sides' own.
 */
export const tableJoinMergeProcessor = <K, V>(storeName: string | undefined, oldValues: OldValues): Untyped =>
  processorOf<K, Change<V>, K, Change<V>>((context) => {
    const rows = tableRows<K, V>(context, storeName, () => oldValues.enabled);
    return (record) => {
      if (isMissing(record.key)) return;
      const written = rows?.write(record.key, record.value.newValue, record.timestamp);
      if (written === 'not-put' || rows?.cached) return;
      const update = oldValues.enabled ? record.value : newOnly(record.value);
      context.forward({ ...record, value: latestOrNot(update, written === undefined || written === 'latest') });
    };
  });
