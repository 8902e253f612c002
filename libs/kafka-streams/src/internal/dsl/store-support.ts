// Turning a Materialized into a StoreBuilder, with the serdes an operator resolved.
import type { Serde } from '../../serde/serde.js';
import type { KeyValueStore, StateStore, SessionStore, WindowStore } from '../../state/store.js';
import type { VersionedKeyValueStore } from '../../state/versioned-store.js';
import { Stores, type StoreBuilder } from '../../state/stores.js';
import type { BuildContext } from './build-context.js';
import type { Materialized } from '../../dsl/materialized.js';

/** The serde, or one that fails; a missing serde is reported by `build()` naming the store. */
export function requireSerde<T>(context: BuildContext, serde: Serde<T> | undefined, what: string): Serde<T> {
  if (serde) return serde;
  context.topology.reportProblem(
    `${what} has no serde: pass it with Materialized/Grouped/Consumed, or set a builder default`,
  );
  const fail = (): never => {
    throw new Error(`${what} has no serde`);
  };
  return { name: 'missing', serialize: fail, deserialize: fail };
}

function configured<S extends StateStore>(
  builder: StoreBuilder<S>,
  materialized: Materialized<unknown, unknown> | undefined,
): StoreBuilder<S> {
  return materialized?.loggingEnabled === false ? builder.withLoggingDisabled() : builder;
}

/** A versioned store given where the operator keeps another kind of store: said at once rather than ignored. */
function rejectVersioned(name: string, materialized: Materialized<unknown, unknown> | undefined): void {
  if (materialized?.versionedStore === undefined) return;
  throw new Error(
    `The store ${name}: versioned stores materialize tables, filter/mapValues/transformValues and table-table join ` +
      `results only (not yet this operator's result)`,
  );
}

const persistence = (materialized: Materialized<unknown, unknown> | undefined) => ({
  persistent: !(materialized?.inMemory ?? false),
});

export function keyValueStoreBuilder<K, V>(
  name: string,
  keySerde: Serde<K>,
  valueSerde: Serde<V>,
  materialized: Materialized<unknown, unknown> | undefined,
): StoreBuilder<KeyValueStore<K, V>> {
  rejectVersioned(name, materialized);
  const builder = configured(
    Stores.keyValueStoreBuilder(name, keySerde, valueSerde, persistence(materialized)),
    materialized,
  );
  // The DSL caches its key-value stores unless told not to (Java's Materialized default).
  return materialized?.cachingEnabled === false ? builder : builder.withCachingEnabled();
}

/**
 * The store of a table: versioned when the Materialized names a versioned store (`Stores.persistentVersionedKeyValueStore`),
 * else key-value.
 */
export function tableStoreBuilder<K, V>(
  name: string,
  keySerde: Serde<K>,
  valueSerde: Serde<V>,
  materialized: Materialized<unknown, unknown> | undefined,
): StoreBuilder<KeyValueStore<K, V>> | StoreBuilder<VersionedKeyValueStore<K, V>> {
  const versioned = materialized?.versionedStore;
  if (versioned === undefined) return keyValueStoreBuilder(name, keySerde, valueSerde, materialized);
  return configured(
    Stores.versionedKeyValueStoreBuilder(versioned, keySerde, valueSerde, persistence(materialized)),
    materialized,
  );
}

/**
 * The DSL caches the window and session stores of its windowed aggregations unless told not to (Java's Materialized
 * default); `cacheable` false: never (Java does not cache the stores of sliding and session windows that emit on
 * window close).
 */
function cachedUnlessDisabled<S extends StateStore>(
  builder: StoreBuilder<S>,
  materialized: Materialized<unknown, unknown> | undefined,
  cacheable: boolean,
): StoreBuilder<S> {
  return cacheable && materialized?.cachingEnabled !== false ? builder.withCachingEnabled() : builder;
}

export function windowStoreBuilder<K, V>(
  name: string,
  keySerde: Serde<K>,
  valueSerde: Serde<V>,
  windowSizeMs: number,
  defaultRetentionMs: number,
  materialized: Materialized<unknown, unknown> | undefined,
  cacheable = true,
): StoreBuilder<WindowStore<K, V>> {
  rejectVersioned(name, materialized);
  const retentionMs = materialized?.retentionMs ?? defaultRetentionMs;
  return cachedUnlessDisabled(
    configured(
      Stores.windowStoreBuilder(name, keySerde, valueSerde, {
        windowSizeMs,
        retentionMs,
        ...persistence(materialized),
      }),
      materialized,
    ),
    materialized,
    cacheable,
  );
}

export function sessionStoreBuilder<K, V>(
  name: string,
  keySerde: Serde<K>,
  valueSerde: Serde<V>,
  defaultRetentionMs: number,
  materialized: Materialized<unknown, unknown> | undefined,
  cacheable = true,
): StoreBuilder<SessionStore<K, V>> {
  rejectVersioned(name, materialized);
  const retentionMs = materialized?.retentionMs ?? defaultRetentionMs;
  return cachedUnlessDisabled(
    configured(
      Stores.sessionStoreBuilder(name, keySerde, valueSerde, { retentionMs, ...persistence(materialized) }),
      materialized,
    ),
    materialized,
    cacheable,
  );
}
