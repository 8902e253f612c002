// StreamsBuilder: the entry point of the DSL (Java: StreamsBuilder). Sources declared here start typed
// streams; `build()` validates the graph and returns the Topology a runtime or the test driver runs.
import { TopologyValidationError } from '../errors/exceptions.js';
import type { Serde } from '../serde/serde.js';
import type { TimestampExtractor } from '../topology/nodes.js';
import { Topology } from '../topology/topology.js';
import { BuildContext } from './build-context.js';
import { KStream } from './kstream.js';
import { GlobalKTable, KTable } from './ktable.js';
import type { Materialized } from './materialized.js';
import { tableSourceProcessor } from './processors/table-source.js';
import { keyValueStoreBuilder, requireSerde } from './store-support.js';
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
   * logging disabled (no `-changelog` topic).
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
    this.topology.addProcessor(tableName, tableSourceProcessor(storeName), sourceName);
    const label = `The table store ${storeName}`;
    const builder = keyValueStoreBuilder(
      storeName,
      requireSerde(this.context, materialized?.keySerde ?? keySerde, `${label} key`),
      requireSerde(this.context, materialized?.valueSerde ?? valueSerde, `${label} value`),
      materialized as Materialized<unknown, unknown> | undefined,
    ).withLoggingDisabled();
    this.topology.addStateStore(builder, tableName);
    return new KTable(this.context, tableName, keySerde, valueSerde, { storeName });
  }

  /** Declared for API completeness; `build()` reports it as not yet supported. */
  globalTable<K = Unset, V = Unset>(
    topic: string,
    consumed: Consumed<K, V> = {},
  ): GlobalKTable<Resolve<K, DK>, Resolve<V, DV>> {
    void consumed;
    this.topology.reportProblem(
      `globalTable('${topic}') is not yet supported: global tables arrive with state stores (part 2)`,
    );
    return new GlobalKTable(topic, `${topic}-global`);
  }

  /** Validates and returns the topology; throws a TopologyValidationError listing every problem. */
  build(): Topology {
    if (this.built) throw new Error('StreamsBuilder.build() was already called: use a new builder per topology');
    const problems = this.topology.validate();
    if (problems.length > 0) throw new TopologyValidationError(problems);
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

  private serdesOf<K, V>(
    consumed: Consumed<K, V>,
  ): [Serde<Resolve<K, DK>> | undefined, Serde<Resolve<V, DV>> | undefined] {
    return [
      (consumed.keySerde ?? this.context.defaultKeySerde) as Serde<Resolve<K, DK>> | undefined,
      (consumed.valueSerde ?? this.context.defaultValueSerde) as Serde<Resolve<V, DV>> | undefined,
    ];
  }
}
