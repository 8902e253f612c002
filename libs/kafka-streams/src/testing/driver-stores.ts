// The test driver's state stores: every StoreBuilder of the plan built in memory (no disk, and `open` has
// nothing to wait for, so the synchronous driver can use them at once). Logged stores write their changes
// to `<applicationId>-<store>-changelog`, captured like any output topic so tests can read it.
import type { RecordCollector } from '../internal/engine/contracts.js';
import type { StateStore } from '../state/store.js';
import type { BuiltStore, StoreBuilder } from '../state/stores.js';
import type { TaskRecordCache } from '../internal/state/task-record-cache.js';

export interface TaskStoreContext {
  readonly partition: number;
  readonly changelogTopic: (storeName: string) => string;
  readonly collector: RecordCollector;
  /** Timestamp of changelog records: the record being processed. */
  readonly timestamp: () => number;
}

function buildInMemory<S extends StateStore>(
  builder: StoreBuilder<S>,
  send: (key: Buffer, value: Buffer | null, timestamp?: number) => void,
  recordCache?: TaskRecordCache,
): BuiltStore<S> {
  const built = builder
    .withInMemory()
    .build({ taskDirectory: '', changelog: { send }, ...(recordCache ? { recordCache } : {}) });
  // In-memory stores open synchronously (their open() has no await).
  void built.store.open();
  return built;
}

export class DriverStores {
  private constructor(private readonly stores: ReadonlyMap<string, StateStore>) {}

  static forTask(
    builders: ReadonlyArray<StoreBuilder<StateStore>>,
    recordCache: TaskRecordCache,
    context: TaskStoreContext,
  ): DriverStores {
    const stores = new Map<string, StateStore>();
    for (const builder of builders) {
      const topic = context.changelogTopic(builder.name);
      const built = buildInMemory(
        builder,
        (key, value, timestamp) =>
          context.collector.send({
            topic,
            partition: context.partition,
            key,
            value,
            timestamp: timestamp ?? context.timestamp(),
            headers: [],
          }),
        recordCache,
      );
      stores.set(builder.name, built.store);
    }
    return new DriverStores(stores);
  }

  /** A global store: filled by its processor from its topic, never logged. */
  static forGlobalStore(builder: StoreBuilder<StateStore>): DriverStores {
    const built = buildInMemory(builder, () => {
      throw new Error(`Global store ${builder.name} must not have logging enabled`);
    });
    return new DriverStores(new Map([[builder.name, built.store]]));
  }

  get(name: string): StateStore | undefined {
    return this.stores.get(name);
  }

  all(): ReadonlyMap<string, StateStore> {
    return this.stores;
  }

  close(): void {
    for (const store of this.stores.values()) void store.close();
  }
}
