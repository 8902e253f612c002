// Store builders: what a topology declares (name, kind, serdes, persistence, changelog), and how a task
// instantiates it. A task builds every store it owns with its own directory and changelog sink.
import { join } from 'node:path';
import type { Serde, Serializer } from '../serde/serde.js';
import { ChangeLoggingKeyValueStore, type ChangelogSink } from '../internal/state/changelog.js';
import { InMemoryKeyValueStore } from '../internal/state/in-memory-key-value-store.js';
import { LevelDbKeyValueStore } from '../internal/state/leveldb-key-value-store.js';
import { MemorySegmentSpace } from '../internal/state/memory-segments.js';
import { BytesSessionStore } from '../internal/state/session-store.js';
import { SqliteSegmentSpace } from '../internal/state/sqlite-segments.js';
import type { BytesKeyValueStore, KeyValueStore, StateStore, SessionStore, WindowStore } from './store.js';
import { TypedKeyValueStore } from '../internal/state/typed-key-value-store.js';
import { CachingKeyValueStore } from '../internal/state/caching-key-value-store.js';
import { CachingSessionStore } from '../internal/state/caching-session-store.js';
import { CachingWindowStore } from '../internal/state/caching-window-store.js';
import { TaskRecordCache } from '../internal/state/task-record-cache.js';
import { TypedSessionStore, TypedWindowStore } from '../internal/state/typed-window-stores.js';
import { BytesWindowStore } from '../internal/state/window-store.js';
import { BytesVersionedStore } from '../internal/state/versioned-bytes-store.js';
import { TypedVersionedKeyValueStore } from '../internal/state/typed-versioned-store.js';
import {
  defaultVersionedSegmentIntervalMs,
  type VersionedKeyValueStore,
  type VersionedStoreSupplier,
} from './versioned-store.js';

/** What a task gives a store builder. */
export interface StoreContext {
  /** The task's state directory (`<stateDir>/<applicationId>/<taskId>`); persistent stores live below it. */
  readonly taskDirectory: string;
  /** Receives the store's changes when logging is enabled. */
  readonly changelog: ChangelogSink;
  /** The task's share of the instance's record cache (`cacheMaxBytes`); absent: no caching (standby tasks). */
  readonly recordCache?: RecordCacheScope;
}

/** The record cache of one task, as the runtime hands it to the task's stores (Java: the ThreadCache). */
export interface RecordCacheScope {
  readonly taskId: string;
}

/**
 * Bulk loading, for a restore (Kafka Streams bulk-loads RocksDB): writes from `beginBulkLoad()` on need not survive a
 * crash, so they never wait for the disk; `endBulkLoad()` resolves once they are on disk. The runtime marks the task
 * directory meanwhile and wipes a task it finds marked, as its stores may then be corrupt.
 */
export interface BulkLoading {
  beginBulkLoad(): void;
  endBulkLoad(): Promise<void>;
}

/** A built store, with the hooks the runtime uses to replay its changelog. */
export interface BuiltStore<S extends StateStore> {
  readonly store: S;
  /** Applies one changelog record during restore (never logged again); versioned stores need its `timestamp`. */
  restore(key: Buffer, value: Buffer | null, timestamp?: number): void;
  /** A store that restores faster in bulk-loading mode (window and session stores on disk). */
  readonly bulkLoading?: BulkLoading;
}

export type StoreKind = 'key-value' | 'window' | 'session' | 'versioned';

export interface StoreBuilder<S extends StateStore> {
  readonly name: string;
  readonly kind: StoreKind;
  readonly persistent: boolean;
  readonly loggingEnabled: boolean;
  /** Topic configs of the changelog (cleanup.policy etc.). */
  readonly changelogConfig: Readonly<Record<string, string>>;
  /** Serializes the store's keys: interactive queries find the partition (task) of a key with it. */
  readonly keySerde?: Serializer<unknown>;
  /**
   * A topic whose records are the store's changes, keyed and serialized as the store keeps them (`builder.table()`:
   * its source topic). With logging disabled, the runtime restores the store from the task's partition of it;
   * nothing is ever written there by the store.
   */
  readonly sourceTopicChangelog?: string;
  /**
   * Whether writes wait in the record cache until the next commit (Java's StoreBuilder caching; the DSL enables it
   * unless `Materialized.withCachingDisabled()`). Key-value, window and session stores are cached; versioned stores
   * never are (as in Java).
   */
  readonly cachingEnabled: boolean;
  /** The same store behind the record cache (key-value, window and session stores; versioned ones are not cached). */
  withCachingEnabled(): StoreBuilder<S>;
  /** The same store without the record cache: every write goes to the store, its changelog and downstream. */
  withCachingDisabled(): StoreBuilder<S>;
  /** False for a store internal to an operator (a suppress buffer): interactive queries refuse it. */
  readonly queryable?: false;
  withLoggingDisabled(): StoreBuilder<S>;
  /** The same store kept in memory (the TopologyTestDriver uses it: no disk, synchronous open). */
  withInMemory(): StoreBuilder<S>;
  build(context: StoreContext): BuiltStore<S>;
}

interface Options {
  readonly name: string;
  readonly persistent: boolean;
  readonly loggingEnabled: boolean;
  readonly keySerde: Serializer<unknown>;
  /** Java's store builders start with caching disabled; the DSL enables it. */
  readonly cachingEnabled?: boolean;
}

const NOT_LOGGED: ChangelogSink = { send: () => undefined };

function withLogging<S extends StateStore>(
  options: Options,
  kind: StoreKind,
  changelogConfig: Record<string, string>,
  build: (context: StoreContext, options: Options) => BuiltStore<S>,
): StoreBuilder<S> {
  return {
    name: options.name,
    kind,
    persistent: options.persistent,
    loggingEnabled: options.loggingEnabled,
    cachingEnabled: kind !== 'versioned' && options.cachingEnabled === true,
    changelogConfig,
    keySerde: options.keySerde,
    withLoggingDisabled: () => withLogging({ ...options, loggingEnabled: false }, kind, changelogConfig, build),
    withInMemory: () => withLogging({ ...options, persistent: false }, kind, changelogConfig, build),
    withCachingEnabled: () => withLogging({ ...options, cachingEnabled: true }, kind, changelogConfig, build),
    withCachingDisabled: () => withLogging({ ...options, cachingEnabled: false }, kind, changelogConfig, build),
    build: (context) => build(context, options),
  };
}

/**
 * The same store with logging disabled, restored from `topic` instead of a changelog of its own (Java: the source
 * topic of a table serves as its changelog). The topic's records must be bytes the store's serdes read.
 */
export function withSourceTopicChangelog<S extends StateStore>(
  builder: StoreBuilder<S>,
  topic: string,
): SourceTopicStoreBuilder<S> {
  const notLogged = builder.withLoggingDisabled();
  return {
    ...notLogged,
    sourceTopicChangelog: topic,
    ...(builder.loggingEnabled ? { withDedicatedChangelog: () => builder } : {}),
    withLoggingDisabled: () => withSourceTopicChangelog(notLogged, topic),
    withInMemory: () => withSourceTopicChangelog(builder.withInMemory(), topic),
    withCachingEnabled: () => withSourceTopicChangelog(builder.withCachingEnabled(), topic),
    withCachingDisabled: () => withSourceTopicChangelog(builder.withCachingDisabled(), topic),
  };
}

/** A store restored from its source topic (see `withSourceTopicChangelog`). */
export interface SourceTopicStoreBuilder<S extends StateStore> extends StoreBuilder<S> {
  readonly sourceTopicChangelog: string;
  /**
   * The same store with a changelog of its own (Java's default for `builder.table()`), for a source topic that is
   * not compacted. Absent when logging was disabled.
   */
  readonly withDedicatedChangelog?: () => StoreBuilder<S>;
}

/** The task's record cache, when it caches at all (a budget of 0 turns caching off, as Java). */
const taskCache = (context: StoreContext): TaskRecordCache | undefined =>
  context.recordCache instanceof TaskRecordCache && context.recordCache.enabled ? context.recordCache : undefined;

const storeDirectory = (context: StoreContext, name: string): string => join(context.taskDirectory, name);

export const Stores = {
  keyValueStoreBuilder<K, V>(
    name: string,
    keySerde: Serde<K>,
    valueSerde: Serde<V>,
    options: { persistent?: boolean } = {},
  ): StoreBuilder<KeyValueStore<K, V>> {
    return withLogging(
      { name, persistent: options.persistent ?? true, loggingEnabled: true, keySerde: keySerde as Serializer<unknown> },
      'key-value',
      { 'cleanup.policy': 'compact' },
      (context, { persistent, loggingEnabled, cachingEnabled }) => {
        const bytes: BytesKeyValueStore = persistent
          ? new LevelDbKeyValueStore(name, storeDirectory(context, name))
          : new InMemoryKeyValueStore(name);
        const logged = new ChangeLoggingKeyValueStore(bytes, loggingEnabled ? context.changelog : NOT_LOGGED);
        const cache = taskCache(context);
        const cached = cachingEnabled === true && cache ? new CachingKeyValueStore(logged, cache) : logged;
        return {
          store: new TypedKeyValueStore(cached, keySerde, valueSerde),
          restore: (key, value) => logged.restore(key, value),
        };
      },
    );
  },

  windowStoreBuilder<K, V>(
    name: string,
    keySerde: Serde<K>,
    valueSerde: Serde<V>,
    options: { windowSizeMs: number; retentionMs: number; persistent?: boolean },
  ): StoreBuilder<WindowStore<K, V>> {
    const retentionMs = options.retentionMs;
    return withLogging(
      { name, persistent: options.persistent ?? true, loggingEnabled: true, keySerde: keySerde as Serializer<unknown> },
      'window',
      // Compacted so the latest value per window survives, deleted after retention like the store itself.
      { 'cleanup.policy': 'compact,delete', 'retention.ms': String(retentionMs + 24 * 3_600_000) },
      (context, { persistent, loggingEnabled, cachingEnabled }) => {
        const space = persistent
          ? new SqliteSegmentSpace(name, storeDirectory(context, name))
          : new MemorySegmentSpace();
        const send = loggingEnabled ? context.changelog.send.bind(context.changelog) : undefined;
        const bytes = new BytesWindowStore(name, retentionMs, space, send);
        const cache = taskCache(context);
        const cached = cachingEnabled === true && cache ? new CachingWindowStore(bytes, cache) : bytes;
        return {
          store: new TypedWindowStore(cached, keySerde, valueSerde, options.windowSizeMs),
          restore: (key, value) => bytes.restore(key, value),
          ...(persistent ? { bulkLoading: bytes } : {}),
        };
      },
    );
  },

  sessionStoreBuilder<K, V>(
    name: string,
    keySerde: Serde<K>,
    valueSerde: Serde<V>,
    options: { retentionMs: number; persistent?: boolean },
  ): StoreBuilder<SessionStore<K, V>> {
    return withLogging(
      { name, persistent: options.persistent ?? true, loggingEnabled: true, keySerde: keySerde as Serializer<unknown> },
      'session',
      { 'cleanup.policy': 'compact,delete', 'retention.ms': String(options.retentionMs + 24 * 3_600_000) },
      (context, { persistent, loggingEnabled, cachingEnabled }) => {
        const space = persistent
          ? new SqliteSegmentSpace(name, storeDirectory(context, name))
          : new MemorySegmentSpace();
        const send = loggingEnabled ? context.changelog.send.bind(context.changelog) : undefined;
        const bytes = new BytesSessionStore(name, options.retentionMs, space, send);
        const cache = taskCache(context);
        const cached = cachingEnabled === true && cache ? new CachingSessionStore(bytes, cache) : bytes;
        return {
          store: new TypedSessionStore(cached, keySerde, valueSerde),
          restore: (key, value) => bytes.restore(key, value),
          ...(persistent ? { bulkLoading: bytes } : {}),
        };
      },
    );
  },

  /**
   * A persistent versioned key-value store (Java: Stores.persistentVersionedKeyValueStore): give it to
   * `Materialized.as(...)` for a table, or to `versionedKeyValueStoreBuilder` with serdes. `historyRetentionMs`: how
   * long old versions stay readable and out-of-order puts are accepted; `segmentIntervalMs` (default as Java's)
   * only sizes the history segments.
   */
  persistentVersionedKeyValueStore(
    name: string,
    historyRetentionMs: number,
    segmentIntervalMs: number = defaultVersionedSegmentIntervalMs(historyRetentionMs),
  ): VersionedStoreSupplier {
    if (!Number.isInteger(historyRetentionMs) || historyRetentionMs < 0) {
      throw new Error('persistentVersionedKeyValueStore: historyRetentionMs cannot be negative');
    }
    if (!Number.isInteger(segmentIntervalMs) || segmentIntervalMs < 1) {
      throw new Error('persistentVersionedKeyValueStore: segmentIntervalMs cannot be zero or negative');
    }
    return { kind: 'versioned', name, historyRetentionMs, segmentIntervalMs };
  },

  /**
   * A versioned key-value store (see `VersionedKeyValueStore`), logged to a compacted changelog whose records carry
   * each version's timestamp; on disk under `<task directory>/<name>/latest` and `/history` (SQLite segments).
   */
  versionedKeyValueStoreBuilder<K, V>(
    supplier: VersionedStoreSupplier,
    keySerde: Serde<K>,
    valueSerde: Serde<V>,
    options: { persistent?: boolean } = {},
  ): StoreBuilder<VersionedKeyValueStore<K, V>> {
    const { name, historyRetentionMs, segmentIntervalMs } = supplier;
    return withLogging(
      { name, persistent: options.persistent ?? true, loggingEnabled: true, keySerde: keySerde as Serializer<unknown> },
      'versioned',
      // As Java: compacted, but never before the history retention (plus a day) has passed.
      { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': String(historyRetentionMs + 24 * 3_600_000) },
      (context, { persistent, loggingEnabled }) => {
        const directory = storeDirectory(context, name);
        const [latest, history] = persistent
          ? [
              new SqliteSegmentSpace(name, join(directory, 'latest')),
              new SqliteSegmentSpace(name, join(directory, 'history')),
            ]
          : [new MemorySegmentSpace(), new MemorySegmentSpace()];
        const bytes = new BytesVersionedStore(name, historyRetentionMs, segmentIntervalMs, latest, history);
        const store = new TypedVersionedKeyValueStore(
          bytes,
          keySerde,
          valueSerde,
          loggingEnabled ? context.changelog : undefined,
        );
        const restore = (key: Buffer, value: Buffer | null, timestamp?: number): void => {
          if (timestamp === undefined)
            throw new Error(`versioned store ${name}: a changelog record without a timestamp`);
          store.restore(key, value, timestamp);
        };
        return { store, restore };
      },
    );
  },
};
