// StreamsBuilder: the entry point of the DSL (Java: StreamsBuilder). Sources declared here start typed
// streams; `build()` validates the graph and returns the Topology a runtime or the test driver runs.
import { TopologyError } from '../errors/exceptions.js';
import type { ProcessorSupplier } from '../processor/api.js';
import type { Serde } from '../serde/serde.js';
import type { StateStore } from '../state/store.js';
import { type StoreBuilder, withSourceTopicChangelog } from '../state/stores.js';
import type { TimestampExtractor } from '../topology/nodes.js';
import { Topology } from '../topology/topology.js';
import { BuildContext } from '../internal/dsl/build-context.js';
import { KStream } from './kstream.js';
import { GlobalKTable, KTable } from './ktable.js';
import type { Materialized } from './materialized.js';
import type { Untyped } from '../internal/dsl/processors/stateful.js';
import { tableSourceProcessor } from '../internal/dsl/processors/table-source.js';
import { SourceOldValues } from '../internal/dsl/table-old-values.js';
import { keyValueStoreBuilder, requireSerde, tableStoreBuilder } from '../internal/dsl/store-support.js';
import type { Consumed, Resolve, Unset } from './options.js';

export interface StreamsBuilderConfig<DK, DV> {
  /** Used wherever a key serde is needed and none is given or known (Java: default.key.serde). */
  readonly defaultKeySerde?: Serde<DK>;
  readonly defaultValueSerde?: Serde<DV>;
}

export class StreamsBuilder<DK = Unset, DV = Unset> {
  private readonly topology = new Topology();
  private readonly context: BuildContext;
  private built = false;

  constructor(config: StreamsBuilderConfig<DK, DV> = {}) {
    this.context = new BuildContext(
      this.topology,
      config.defaultKeySerde as Serde<unknown> | undefined,
      config.defaultValueSerde as Serde<unknown> | undefined,
    );
  }

  /** A stream of the records of one topic, several topics, or every topic matching a RegExp. */
  stream<K = Unset, V = Unset>(
    topics: string | ReadonlyArray<string> | RegExp,
    consumed: Consumed<K, V> = {},
  ): KStream<Resolve<K, DK>, Resolve<V, DV>> {
    const name = this.addSource(topics, consumed);
    return new KStream(this.context, name, ...this.serdesOf(consumed));
  }

  /**
   * A table of the topic's latest value per key, materialized in a key-value store (named by Materialized,
   * else `<topic>-STATE-STORE-<n>`). The topic itself serves as the store's changelog, so the store has
   * logging disabled (no `-changelog` topic) and a task that starts without its state restores it from its
   * partition of the topic. The store's serdes must read the topic's bytes (the Consumed serdes by default).
   */
  table<K = Unset, V = Unset>(
    topic: string,
    consumed: Consumed<K, V> = {},
    materialized?: Materialized<Resolve<K, DK>, Resolve<V, DV>>,
  ): KTable<Resolve<K, DK>, Resolve<V, DV>> {
    const storeName = materialized?.storeName ?? this.context.newName(`${topic}-STATE-STORE-`);
    const sourceName = this.addSource(topic, consumed);
    const tableName = this.context.newName('KTABLE-SOURCE-');
    const [keySerde, valueSerde] = this.serdesOf(consumed);
    const oldValues = SourceOldValues.of(materialized?.storeName !== undefined);
    this.topology.addProcessor(tableName, tableSourceProcessor(storeName, oldValues), sourceName);
    const label = `The table store ${storeName}`;
    const builder = withSourceTopicChangelog<StateStore>(
      tableStoreBuilder(
        storeName,
        requireSerde(this.context, materialized?.keySerde ?? keySerde, `${label} key`),
        requireSerde(this.context, materialized?.valueSerde ?? valueSerde, `${label} value`),
        materialized as Materialized<unknown, unknown> | undefined,
      ),
      topic,
    );
    this.topology.addStateStore(builder, tableName);
    const versioned = materialized?.versionedStore !== undefined;
    return new KTable(this.context, tableName, keySerde, valueSerde, { storeName, oldValues, versioned });
  }

  /**
   * A table of the latest value per key of *every* partition of the topic, replicated on every instance
   * (Java: GlobalKTable): streams join it by any key they compute, without co-partitioning or repartitioning.
   * It lives in a key-value store (named by Materialized, else `<topic>-STATE-STORE-<n>`; in memory with
   * `Materialized.withInMemory()`) that is filled before the stream tasks start and kept current; the topic
   * is its changelog. Query it on any instance with `streams.store(table.storeName)`.
   */
  globalTable<K = Unset, V = Unset>(
    topic: string,
    consumed: Consumed<K, V> = {},
    materialized?: Materialized<Resolve<K, DK>, Resolve<V, DV>>,
  ): GlobalKTable<Resolve<K, DK>, Resolve<V, DV>> {
    if (materialized?.versionedStore !== undefined) throw new Error('GlobalTables cannot be versioned.');
    const storeName = materialized?.storeName ?? this.context.newName(`${topic}-STATE-STORE-`);
    const [keySerde, valueSerde] = this.serdesOf(consumed);
    const label = `The global table store ${storeName}`;
    const builder = keyValueStoreBuilder(
      storeName,
      requireSerde(this.context, materialized?.keySerde ?? keySerde, `${label} key`),
      requireSerde(this.context, materialized?.valueSerde ?? valueSerde, `${label} value`),
      materialized as Materialized<unknown, unknown> | undefined,
    ).withLoggingDisabled();
    this.addGlobalSource(builder, topic, consumed, tableSourceProcessor(storeName));
    return new GlobalKTable(topic, storeName);
  }

  /**
   * A global store filled by your processor (Java: StreamsBuilder#addGlobalStore): every instance runs
   * `stateUpdateSupplier`'s processor on each record of every partition of `topic` (while bootstrapping
   * too), and the processor writes the store (`context.getStateStore(storeBuilder.name)`), which may be of
   * any kind. The topic is the store's changelog: the builder must have logging disabled. The processor
   * may call anything (e.g. notify subscribers); `streams.onGlobalStoreUpdate` tells about live updates only.
   */
  addGlobalStore<K = Unset, V = Unset>(
    storeBuilder: StoreBuilder<StateStore>,
    topic: string,
    consumed: Consumed<K, V>,
    stateUpdateSupplier: ProcessorSupplier<NoInfer<Resolve<K, DK>>, NoInfer<Resolve<V, DV>>>,
  ): this {
    this.addGlobalSource(storeBuilder, topic, consumed, stateUpdateSupplier as Untyped);
    return this;
  }

  /**
   * Declares a state store for processors added later by name (Java: StreamsBuilder#addStateStore):
   * `stream.process(supplier, 'store')`, `processValues`, `table.transformValues(supplier, 'store')`.
   */
  addStateStore(storeBuilder: StoreBuilder<StateStore>): this {
    this.topology.addStateStore(storeBuilder);
    return this;
  }

  /** Validates and returns the topology; throws a TopologyError listing every problem. */
  build(): Topology {
    if (this.built) throw new Error('StreamsBuilder.build() was already called: use a new builder per topology');
    const problems = this.topology.validate();
    if (problems.length > 0) throw new TopologyError(problems);
    this.built = true;
    return this.topology;
  }

  private addSource<K, V>(topics: string | ReadonlyArray<string> | RegExp, consumed: Consumed<K, V>): string {
    const name = this.context.nameOr(consumed.name, 'KSTREAM-SOURCE-');
    const [keySerde, valueSerde] = this.serdesOf(consumed);
    this.topology.addSource<unknown, unknown>(name, topics, {
      keySerde,
      valueSerde,
      timestampExtractor: consumed.timestampExtractor as TimestampExtractor | undefined,
    });
    return name;
  }

  private addGlobalSource<K, V>(
    storeBuilder: StoreBuilder<StateStore>,
    topic: string,
    consumed: Consumed<K, V>,
    supplier: Untyped,
  ): void {
    const sourceName = this.context.nameOr(consumed.name, 'KSTREAM-SOURCE-');
    const processorName = this.context.newName('KTABLE-SOURCE-');
    const [keySerde, valueSerde] = this.serdesOf(consumed);
    this.topology.addGlobalStore(
      storeBuilder,
      sourceName,
      topic,
      { keySerde, valueSerde, timestampExtractor: consumed.timestampExtractor as TimestampExtractor | undefined },
      processorName,
      supplier,
    );
  }

  private serdesOf<K, V>(
    consumed: Consumed<K, V>,
  ): [Serde<Resolve<K, DK>> | undefined, Serde<Resolve<V, DV>> | undefined] {
    return [
      (consumed.keySerde ?? this.context.defaultKeySerde) as Serde<Resolve<K, DK>> | undefined,
      (consumed.valueSerde ?? this.context.defaultValueSerde) as Serde<Resolve<V, DV>> | undefined,
    ];
  }
}
