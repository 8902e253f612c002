// The test driver's state stores: every StoreBuilder of the plan built in memory (no disk, and `open` has
// nothing to wait for, so the synchronous driver can use them at once). Logged stores write their changes
// to `<applicationId>-<store>-changelog`, captured like any output topic so tests can read it.
import type { RecordCollector } from '../engine/contracts.js';
import type { KeyValueStore, StateStore } from '../state/store.js';
import type { BuiltStore, StoreBuilder } from '../state/stores.js';
import type { GlobalStorePlan } from '../topology/plan.js';

export interface TaskStoreContext {
  readonly partition: number;
  readonly changelogTopic: (storeName: string) => string;
  readonly collector: RecordCollector;
  /** Timestamp of changelog records: the record being processed. */
  readonly timestamp: () => number;
}

interface GlobalStore {
  readonly plan: GlobalStorePlan;
  readonly built: BuiltStore<KeyValueStore<unknown, unknown>>;
}

function buildInMemory<S extends StateStore>(
  builder: StoreBuilder<S>,
  send: (key: Buffer, value: Buffer | null) => void,
): BuiltStore<S> {
  const built = builder.withInMemory().build({ taskDirectory: '', changelog: { send } });
  // In-memory stores open synchronously (their open() has no await).
  void built.store.open();
  return built;
}

export class DriverStores {
  private constructor(
    private readonly stores: ReadonlyMap<string, StateStore>,
    private readonly globals: ReadonlyArray<GlobalStore>,
  ) {}

  static forTask(builders: ReadonlyArray<StoreBuilder<StateStore>>, context: TaskStoreContext): DriverStores {
    const stores = new Map<string, StateStore>();
    for (const builder of builders) {
      const topic = context.changelogTopic(builder.name);
      const built = buildInMemory(builder, (key, value) =>
        context.collector.send({
          topic,
          partition: context.partition,
          key,
          value,
          timestamp: context.timestamp(),
          headers: [],
        }),
      );
      stores.set(builder.name, built.store);
    }
    return new DriverStores(stores, []);
  }

  /** Global stores are filled from their topic, never logged. */
  static forGlobalTables(plans: ReadonlyArray<GlobalStorePlan>): DriverStores {
    const globals = plans.map((plan) => ({ plan, built: buildInMemory(plan.storeBuilder, () => undefined) }));
    return new DriverStores(new Map(globals.map((g) => [g.plan.storeBuilder.name, g.built.store])), globals);
  }

  get(name: string): StateStore | undefined {
    return this.stores.get(name);
  }

  all(): ReadonlyMap<string, StateStore> {
    return this.stores;
  }

  /** Applies a record of a global table's topic; false when no global table reads `topic`. */
  update(topic: string, key: Buffer | null, value: Buffer | null): boolean {
    const matching = this.globals.filter((g) => g.plan.topic === topic);
    for (const { built } of matching) {
      if (key !== null) built.restore(key, value);
    }
    return matching.length > 0;
  }

  close(): void {
    for (const store of this.stores.values()) void store.close();
  }
}
