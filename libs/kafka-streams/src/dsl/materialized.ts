// Materialized (Java: org.apache.kafka.streams.kstream.Materialized): how an aggregation or table stores
// its state. Type parameters come from the serdes given; `never` for a missing serde fits any table (the
// operator's own serde is used then).
import type { Serde } from '../serde/serde.js';
import type { VersionedStoreSupplier } from '../state/versioned-store.js';

export class Materialized<K, V> {
  private constructor(
    readonly storeName: string | undefined,
    readonly keySerde: Serde<K> | undefined,
    readonly valueSerde: Serde<V> | undefined,
    readonly retentionMs: number | undefined,
    readonly loggingEnabled: boolean,
    readonly inMemory: boolean,
    /** Whether updates wait in the record cache until the next commit (default true, as in Java). */
    readonly cachingEnabled = true,
    /** Set by `Materialized.as(Stores.persistentVersionedKeyValueStore(...))`: the table keeps versions. */
    readonly versionedStore?: VersionedStoreSupplier,
  ) {}

  /**
   * A named store: also names its changelog `<applicationId>-<storeName>-changelog`. Given a versioned store
   * (`Stores.persistentVersionedKeyValueStore`), a table keeps each key's versions in it (KIP-914 semantics).
   */
  static as<K = never, V = never>(store: string | VersionedStoreSupplier): Materialized<K, V> {
    const storeName = typeof store === 'string' ? store : store.name;
    if (storeName.trim() === '') throw new Error('Materialized.as: the store name must not be empty');
    const versioned = typeof store === 'string' ? undefined : store;
    return new Materialized<K, V>(storeName, undefined, undefined, undefined, true, false, true, versioned);
  }

  static with<K = never, V = never>(keySerde?: Serde<K>, valueSerde?: Serde<V>): Materialized<K, V> {
    return new Materialized<K, V>(undefined, keySerde, valueSerde, undefined, true, false);
  }

  withKeySerde<K2>(keySerde: Serde<K2>): Materialized<K2, V> {
    return new Materialized(
      this.storeName,
      keySerde,
      this.valueSerde,
      this.retentionMs,
      this.loggingEnabled,
      this.inMemory,
      this.cachingEnabled,
      this.versionedStore,
    );
  }

  withValueSerde<V2>(valueSerde: Serde<V2>): Materialized<K, V2> {
    return new Materialized(
      this.storeName,
      this.keySerde,
      valueSerde,
      this.retentionMs,
      this.loggingEnabled,
      this.inMemory,
      this.cachingEnabled,
      this.versionedStore,
    );
  }

  /** How long a window store keeps windows (default: window size + grace). */
  withRetention(retentionMs: number): Materialized<K, V> {
    return new Materialized(
      this.storeName,
      this.keySerde,
      this.valueSerde,
      retentionMs,
      this.loggingEnabled,
      this.inMemory,
      this.cachingEnabled,
      this.versionedStore,
    );
  }

  /** No changelog topic: the store is not restored after a failure. */
  withLoggingDisabled(): Materialized<K, V> {
    return new Materialized(
      this.storeName,
      this.keySerde,
      this.valueSerde,
      this.retentionMs,
      false,
      this.inMemory,
      this.cachingEnabled,
      this.versionedStore,
    );
  }

  /** An in-memory store (default: persistent, on disk under the state directory). */
  withInMemory(): Materialized<K, V> {
    return new Materialized(
      this.storeName,
      this.keySerde,
      this.valueSerde,
      this.retentionMs,
      this.loggingEnabled,
      true,
      this.cachingEnabled,
      this.versionedStore,
    );
  }

  /**
   * Updates to a key between two commits reach the store's changelog and downstream as one record, its latest value
   * (the default): fewer records, the same final results. Key-value stores only for now.
   */
  withCachingEnabled(): Materialized<K, V> {
    return this.withCaching(true);
  }

  /** Every update goes to the changelog and downstream at once (Java's `withCachingDisabled`). */
  withCachingDisabled(): Materialized<K, V> {
    return this.withCaching(false);
  }

  private withCaching(enabled: boolean): Materialized<K, V> {
    return new Materialized(
      this.storeName,
      this.keySerde,
      this.valueSerde,
      this.retentionMs,
      this.loggingEnabled,
      this.inMemory,
      enabled,
      this.versionedStore,
    );
  }
}
