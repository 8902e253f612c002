// Versioned key-value stores (Java: VersionedKeyValueStore, KIP-889): every key keeps its record versions, each
// valid from its own timestamp until the next version's, for `historyRetentionMs` behind the newest timestamp
// the store has seen (its observed stream time). The latest version of a key never expires.
import type { StateStore } from './store.js';

/**
 * One version of a key, valid from `timestamp` (Java: VersionedRecord). `validTo` (exclusive) is part of the type as
 * in Java, but, as Java 4.3.1's stores do, `get` and `delete` leave it undefined: `put`'s return value tells it.
 */
export interface VersionedRecord<V> {
  readonly value: V;
  readonly timestamp: number;
  readonly validTo: number | undefined;
}

/** `put` returns this when the record is the key's latest version (Java: PUT_RETURN_CODE_VALID_TO_UNDEFINED). */
export const PUT_RETURN_CODE_VALID_TO_UNDEFINED = -1;
/**
 * `put` returns this when the record was not put: its timestamp is older than the history retention allows
 * (Java: PUT_RETURN_CODE_NOT_PUT, Long.MIN_VALUE).
 */
export const PUT_RETURN_CODE_NOT_PUT = Number.MIN_SAFE_INTEGER;

export interface ReadOnlyVersionedKeyValueStore<K, V> {
  /** The key's latest version; undefined when there is none or it is a tombstone. */
  get(key: K): VersionedRecord<V> | undefined;
  /**
   * The version valid at `asOfTimestamp` (the newest with timestamp <= asOfTimestamp); undefined when there is
   * none, it is a tombstone, or `asOfTimestamp` is older than the history retention and the latest version is
   * newer than it.
   */
  get(key: K, asOfTimestamp: number): VersionedRecord<V> | undefined;
}

export interface VersionedKeyValueStore<K, V> extends StateStore, ReadOnlyVersionedKeyValueStore<K, V> {
  /**
   * Adds a version of `key` valid from `timestamp` (`null`: a tombstone), replacing one with the same timestamp.
   * Returns the new version's validTo timestamp (the next version's), PUT_RETURN_CODE_VALID_TO_UNDEFINED when it
   * is the latest, or PUT_RETURN_CODE_NOT_PUT when `timestamp` is older than the history retention.
   */
  put(key: K, value: V | null, timestamp: number): number;
  /**
   * Puts a tombstone at `timestamp` and returns the version that was valid then (undefined when none, or when the
   * delete is older than the history retention: then nothing is deleted).
   */
  delete(key: K, timestamp: number): VersionedRecord<V> | undefined;
  approximateNumEntries(): number;
}

/**
 * What `Stores.persistentVersionedKeyValueStore` describes (Java: VersionedBytesStoreSupplier): a store's name,
 * history retention and segment interval. Give it to `Materialized.as(...)` for a table, or to
 * `Stores.versionedKeyValueStoreBuilder(...)` with serdes for a processor.
 */
export interface VersionedStoreSupplier {
  readonly kind: 'versioned';
  readonly name: string;
  readonly historyRetentionMs: number;
  readonly segmentIntervalMs: number;
}

/** Java's default segment interval for a history retention (RocksDbVersionedKeyValueBytesStoreSupplier). */
export function defaultVersionedSegmentIntervalMs(historyRetentionMs: number): number {
  if (historyRetentionMs <= 60_000) return Math.max(Math.floor(historyRetentionMs / 3), 2_000);
  if (historyRetentionMs <= 300_000) return Math.max(Math.floor(historyRetentionMs / 5), 20_000);
  if (historyRetentionMs <= 3_600_000) return Math.max(Math.floor(historyRetentionMs / 12), 60_000);
  return Math.max(Math.floor(historyRetentionMs / 24), 300_000);
}
