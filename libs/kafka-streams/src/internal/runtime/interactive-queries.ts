// Interactive queries (what KafkaStreams' store/queryMetadataForKey/allMetadata… answer): InteractiveQueries checks
// the store and the application's state and routes a key to its partition's task; the read-only views of one
// store name across every active task of this instance (Java's composite read-only stores) ask their provider for
// the current stores on each call, so a view taken before a rebalance throws InvalidStateStoreError instead of
// reading a closed store.
import type {
  StateStore,
  KeyValue,
  ReadOnlyKeyValueStore,
  ReadOnlySessionStore,
  ReadOnlyWindowStore,
} from '../../state/store.js';
import type { ReadOnlyVersionedKeyValueStore, VersionedRecord } from '../../state/versioned-store.js';
import type { StoreKind } from '../../state/stores.js';
import type { Windowed } from '../../windows/window.js';
import type { QueryableStoreViews } from '../../runtime/queryable-store-views.js';
import type { KafkaStreamsState } from '../../runtime/states.js';
import type { KeyQueryMetadata, LocalQueryState, StreamsMetadata } from '../../runtime/streams-metadata.js';
import type { Serializer } from '../../serde/serde.js';
import { InvalidStateStoreError } from '../../errors/exceptions.js';
import type { GlobalStorePlan, TopologyPlan } from '../topology/plan.js';
import type { StreamsMetadataState } from './streams-metadata.js';
import type { TaskManager } from './task-manager.js';
import type { GlobalStreamThread } from './global-stream-thread.js';

/** What the queries read of the running application. */
export interface QueryableRuntime {
  state(): KafkaStreamsState;
  /** The active tasks' manager, once the stream thread exists. */
  tasks(): TaskManager | undefined;
  /** The global stores' thread, once the global stores are being bootstrapped. */
  global(): GlobalStreamThread | undefined;
  activeTasks(): string[];
  restoringTasks(): string[];
}

/** KafkaStreams' interactive-query methods (see their documentation there). */
export class InteractiveQueries {
  constructor(
    private readonly plan: TopologyPlan,
    private readonly hostMetadata: StreamsMetadataState,
    private readonly runtime: QueryableRuntime,
  ) {}

  store<K, V, T extends StoreKind>(name: string, kind?: T): QueryableStoreViews<K, V>[T] {
    const wanted = kind ?? ('key-value' as T);
    const global = this.globalPlan(name);
    const builder =
      global?.storeBuilder ?? this.plan.subtopologies.flatMap((s) => s.stores ?? []).find((b) => b.name === name);
    if (!builder) throw new InvalidStateStoreError(`no state store named "${name}" in this topology`, 'unknown-store');
    if (builder.queryable === false) {
      throw new InvalidStateStoreError(
        `state store "${name}" is internal to its operator and cannot be queried`,
        'wrong-type',
      );
    }
    if (builder.kind !== wanted) {
      throw new InvalidStateStoreError(
        `state store "${name}" is a ${builder.kind} store, not a ${wanted} store`,
        'wrong-type',
      );
    }
    if (global) return queryableView<K, V, T>(wanted, () => [this.queryableGlobalStore(name)]);
    const runningTasks = (): TaskManager => {
      const tasks = this.runtime.tasks();
      const state = this.runtime.state();
      if (state !== 'RUNNING' || !tasks) {
        throw new InvalidStateStoreError(
          `state store "${name}" cannot be queried while the application is ${state}; retry once it is RUNNING`,
          'not-running',
        );
      }
      return tasks;
    };
    const { keySerde } = builder;
    // A key-value `get` reads only the store of the key's partition, found as the runtime partitions records.
    const locate: KeyLocator | undefined = keySerde
      ? (key) => {
          const tasks = runningTasks();
          const partition = this.hostMetadata.storePartition(name, key, keySerde);
          return partition === undefined ? undefined : (tasks.activeStore(name, partition) ?? 'elsewhere');
        }
      : undefined;
    return queryableView<K, V, T>(wanted, () => runningTasks().activeStores(name), locate);
  }

  queryMetadataForKey<K>(storeName: string, key: K, keySerializer: Serializer<K>): KeyQueryMetadata | undefined {
    const metadata = this.hostMetadata.keyQueryMetadata(storeName, key, keySerializer);
    return this.isRunningOrRebalancing() ? metadata : undefined;
  }

  allMetadata(): StreamsMetadata[] {
    return this.isRunningOrRebalancing() ? this.hostMetadata.allMetadata() : [];
  }

  allMetadataForStore(storeName: string): StreamsMetadata[] {
    const metadata = this.hostMetadata.allMetadataForStore(storeName);
    return this.isRunningOrRebalancing() ? metadata : [];
  }

  localMetadata(): StreamsMetadata | undefined {
    return this.isRunningOrRebalancing() ? this.hostMetadata.localMetadata() : undefined;
  }

  localQueryState(storeName: string, partition: number): LocalQueryState {
    return this.hostMetadata.localQueryState(storeName, partition, {
      state: this.runtime.state(),
      activeTasks: this.runtime.activeTasks(),
      restoringTasks: this.runtime.restoringTasks(),
    });
  }

  /** The global store named `storeName`, if it is one. */
  globalPlan(storeName: string): GlobalStorePlan | undefined {
    return this.plan.globalStores?.find((global) => global.storeBuilder.name === storeName);
  }

  /** The tasks holding partition `partition` of the store `storeName`. */
  storeTaskIds(storeName: string, partition: number): string[] {
    return this.plan.subtopologies
      .filter((s) => s.stores?.some((builder) => builder.name === storeName))
      .map((s) => `${s.id}_${partition}`);
  }

  private queryableGlobalStore(name: string): StateStore {
    const state = this.runtime.state();
    const global = this.runtime.global();
    const store = state === 'RUNNING' || state === 'REBALANCING' ? global?.queryableStore(name) : undefined;
    if (!store) {
      const reason = global?.isBootstrapped() ? `the application is ${state}` : 'it is being bootstrapped';
      throw new InvalidStateStoreError(
        `global store "${name}" cannot be queried while ${reason}; retry once the application is RUNNING`,
        'not-running',
      );
    }
    return store;
  }

  private isRunningOrRebalancing(): boolean {
    const state = this.runtime.state();
    return state === 'RUNNING' || state === 'REBALANCING';
  }
}

/** The stores of one name in the local active tasks; throws InvalidStateStoreError when not queryable now. */
export type StoreProvider = () => ReadonlyArray<StateStore>;

/**
 * The local store that holds `key` (its partition's task runs here), `'elsewhere'` when that task runs on
 * another instance, or undefined when the key's partition is not known (ask every store). Throws like
 * StoreProvider.
 */
export type KeyLocator = (key: unknown) => StateStore | 'elsewhere' | undefined;

export function queryableView<K, V, T extends StoreKind>(
  kind: T,
  provider: StoreProvider,
  locate?: KeyLocator,
): QueryableStoreViews<K, V>[T] {
  const views: { [S in StoreKind]: () => QueryableStoreViews<K, V>[S] } = {
    'key-value': () => new CompositeKeyValueView<K, V>(provider, locate),
    window: () => new CompositeWindowView<K, V>(provider),
    session: () => new CompositeSessionView<K, V>(provider),
    versioned: () => new VersionedView<K, V>(provider, locate),
  };
  return views[kind]();
}

// The stores come from builders of the requested kind (checked by the caller); their key and value
// types are the caller's claim, as with Java's QueryableStoreTypes.
const as = <S>(stores: ReadonlyArray<StateStore>): S[] => stores as unknown as S[];

class CompositeKeyValueView<K, V> implements ReadOnlyKeyValueStore<K, V> {
  constructor(
    private readonly provider: StoreProvider,
    private readonly locate?: KeyLocator,
  ) {}

  private stores(): ReadOnlyKeyValueStore<K, V>[] {
    return as<ReadOnlyKeyValueStore<K, V>>(this.provider());
  }

  /** Reads only the store of the key's partition: undefined when that partition's task runs elsewhere. */
  get(key: K): V | undefined {
    const located = this.locate?.(key);
    if (located === 'elsewhere') return undefined;
    if (located) return (located as unknown as ReadOnlyKeyValueStore<K, V>).get(key);
    for (const store of this.stores()) {
      const value = store.get(key);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  /** Entries of each task in key order, one task after the other (as Java's composite store). */
  async *range(from?: K, to?: K): AsyncIterable<KeyValue<K, V>> {
    for (const store of this.stores()) yield* store.range(from, to);
  }

  async *all(): AsyncIterable<KeyValue<K, V>> {
    for (const store of this.stores()) yield* store.all();
  }

  approximateNumEntries(): number {
    return this.stores().reduce((sum, store) => sum + store.approximateNumEntries(), 0);
  }
}

class CompositeWindowView<K, V> implements ReadOnlyWindowStore<K, V> {
  constructor(private readonly provider: StoreProvider) {}

  private stores(): ReadOnlyWindowStore<K, V>[] {
    return as<ReadOnlyWindowStore<K, V>>(this.provider());
  }

  fetch(key: K, windowStartMs: number): V | undefined {
    for (const store of this.stores()) {
      const value = store.fetch(key, windowStartMs);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  fetchRange(key: K, fromMs: number, toMs: number): Array<{ readonly windowStartMs: number; readonly value: V }> {
    return this.stores()
      .flatMap((store) => store.fetchRange(key, fromMs, toMs))
      .sort((a, b) => a.windowStartMs - b.windowStartMs);
  }

  fetchAll(fromMs: number, toMs: number): Array<{ readonly key: Windowed<K>; readonly value: V }> {
    return this.stores().flatMap((store) => store.fetchAll(fromMs, toMs));
  }

  all(): Array<{ readonly key: Windowed<K>; readonly value: V }> {
    return this.stores().flatMap((store) => store.all());
  }

  approximateNumEntries(): number {
    return this.stores().reduce((sum, store) => sum + store.approximateNumEntries(), 0);
  }
}

class CompositeSessionView<K, V> implements ReadOnlySessionStore<K, V> {
  constructor(private readonly provider: StoreProvider) {}

  private stores(): ReadOnlySessionStore<K, V>[] {
    return as<ReadOnlySessionStore<K, V>>(this.provider());
  }

  findSessions(
    key: K,
    earliestEndMs: number,
    latestStartMs: number,
  ): Array<{ readonly key: Windowed<K>; readonly value: V }> {
    return this.stores().flatMap((store) => store.findSessions(key, earliestEndMs, latestStartMs));
  }

  fetch(key: K): Array<{ readonly key: Windowed<K>; readonly value: V }> {
    return this.stores().flatMap((store) => store.fetch(key));
  }

  all(): Array<{ readonly key: Windowed<K>; readonly value: V }> {
    return this.stores().flatMap((store) => store.all());
  }

  approximateNumEntries(): number {
    return this.stores().reduce((sum, store) => sum + store.approximateNumEntries(), 0);
  }
}

/** A versioned store's key (latest or as of a time) read from the store of the key's partition, as `get` above. */
class VersionedView<K, V> implements ReadOnlyVersionedKeyValueStore<K, V> {
  constructor(
    private readonly provider: StoreProvider,
    private readonly locate?: KeyLocator,
  ) {}

  get(key: K, asOfTimestamp?: number): VersionedRecord<V> | undefined {
    const read = (store: ReadOnlyVersionedKeyValueStore<K, V>): VersionedRecord<V> | undefined =>
      asOfTimestamp === undefined ? store.get(key) : store.get(key, asOfTimestamp);
    const located = this.locate?.(key);
    if (located === 'elsewhere') return undefined;
    if (located) return read(located as unknown as ReadOnlyVersionedKeyValueStore<K, V>);
    for (const store of as<ReadOnlyVersionedKeyValueStore<K, V>>(this.provider())) {
      const found = read(store);
      if (found !== undefined) return found;
    }
    return undefined;
  }
}
