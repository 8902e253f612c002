// Where KTable operators keep state: the key-value store of a materialized table (named by Materialized,
// else generated) and the serdes it is built with. A table that must be looked up (a table-table join) but
// has no store yet gets one through `materializeTable`.
import type { Serde } from '../../serde/serde.js';
import type { StateStore } from '../../state/store.js';
import type { StoreBuilder } from '../../state/stores.js';
import type { BuildContext } from './build-context.js';
import type { Materialized } from '../../dsl/materialized.js';
import { tableMaterializeProcessor } from './processors/table-materialize.js';
import { keyValueStoreBuilder, requireSerde, tableStoreBuilder } from './store-support.js';
import { OldValues } from './table-old-values.js';

/** A table whose current state is in a store: updates leave `nodeName` after they were written to `storeName`. */
export interface MaterializedTable {
  readonly nodeName: string;
  readonly storeName: string;
  /** Whether the updates leaving `nodeName` carry old values. */
  readonly oldValues: OldValues;
}

/** What an operator knows about the table it materializes. */
export interface TableStoreSpec<K, V> {
  readonly storeName: string;
  /** The processor that writes the store. */
  readonly processorName: string;
  readonly keySerde: Serde<K> | undefined;
  readonly valueSerde: Serde<V> | undefined;
  readonly materialized?: Materialized<K, V> | undefined;
  /** Says in build errors why the store exists. */
  readonly purpose?: string;
  /** False: every update leaves at once, whatever the Materialized says. */
  readonly cachingEnabled?: false;
  /** The operator writes its store through `tableRows`, so the Materialized may name a versioned store. */
  readonly versionable?: boolean;
}

/** Adds a (by default persistent and logged) key-value store; serdes fall back to the builder defaults. */
export function addTableStore<K, V>(context: BuildContext, spec: TableStoreSpec<K, V>): void {
  const label = `The store ${spec.storeName}${spec.purpose === undefined ? '' : ` (${spec.purpose})`}`;
  const keySerde = spec.materialized?.keySerde ?? spec.keySerde ?? (context.defaultKeySerde as Serde<K> | undefined);
  const valueSerde =
    spec.materialized?.valueSerde ?? spec.valueSerde ?? (context.defaultValueSerde as Serde<V> | undefined);
  const build = spec.versionable === true ? tableStoreBuilder : keyValueStoreBuilder;
  const builder: StoreBuilder<StateStore> = build(
    spec.storeName,
    requireSerde(context, keySerde, `${label} key`),
    requireSerde(context, valueSerde, `${label} value`),
    spec.materialized as Materialized<unknown, unknown> | undefined,
  );
  context.topology.addStateStore(
    spec.cachingEnabled === false ? builder.withCachingDisabled() : builder,
    spec.processorName,
  );
}

/**
 * Materializes a table that has no store: a `KTABLE-MATERIALIZE-` node after `nodeName` writes every update
 * to a logged store `KTABLE-MATERIALIZE-STATE-STORE-<n>` (changelog `<applicationId>-<store>-changelog`).
 * Name the store instead by giving the operator that made the table a Materialized (e.g. filter, mapValues).
 */
export function materializeTable<K, V>(
  context: BuildContext,
  nodeName: string,
  keySerde: Serde<K> | undefined,
  valueSerde: Serde<V> | undefined,
): MaterializedTable {
  const storeName = context.newName('KTABLE-MATERIALIZE-STATE-STORE-');
  const processorName = context.newName('KTABLE-MATERIALIZE-');
  context.topology.addProcessor(processorName, tableMaterializeProcessor(storeName), nodeName);
  const purpose = `materializing table ${nodeName}; or give that table a Materialized with serdes`;
  // Not cached: a join looking both sides up while their deletes wait in caches lost the tombstone of a row
  // deleted on both sides between two commits (each side's flush found the other side already gone).
  addTableStore(context, { storeName, processorName, keySerde, valueSerde, purpose, cachingEnabled: false });
  return { nodeName: processorName, storeName, oldValues: OldValues.ofStore() };
}
