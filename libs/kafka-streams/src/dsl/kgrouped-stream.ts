// KGroupedStream<K, V> (Java: KGroupedStream): records grouped by key, ready to aggregate. When the key
// was changed upstream (selectKey, map, groupBy, ...) the aggregation first repartitions through
// `<applicationId>-<name>-repartition`, named by Grouped.as, else by the store name, as in Kafka Streams.
import type { Serde } from '../serde/serde.js';
import type { BuildContext } from '../internal/dsl/build-context.js';
import type { Grouped } from './grouped.js';
import { type AggregationStep, GroupedAggregations } from '../internal/dsl/grouped-aggregations.js';
import { KTable } from './ktable.js';
import type { Materialized } from './materialized.js';
import { filterProcessor } from '../internal/dsl/operators.js';
import { streamAggregateProcessor } from '../internal/dsl/processors/stream-aggregate.js';
import type { Untyped } from '../internal/dsl/processors/stateful.js';
import { keyValueStoreBuilder, requireSerde } from '../internal/dsl/store-support.js';
import { CogroupedKStream, cogroupPart } from './cogrouped-kstream.js';
import { withPlainValueChangelog } from '../internal/dsl/plain-value-changelog.js';
import { timestampedKeyValueStoreBuilder } from '../internal/dsl/timestamped-key-value-store.js';
import { valueAndTimestampSerde } from '../internal/state/timestamped-window-store.js';
import { SessionWindowedKStream } from './session-windowed-kstream.js';
import { SlidingWindowedKStream } from './sliding-windowed-kstream.js';
import { TimeWindowedKStream } from './time-windowed-kstream.js';
import type { SessionWindows } from '../windows/session-windows.js';
import { SlidingWindows } from '../windows/sliding-windows.js';
import { TimeWindows } from '../windows/time-windows.js';

/** What every grouped stream (plain or windowed) shares: where records come from and how to name state. */
export class GroupedSource<K, V> {
  private repartitionSource: string | undefined;

  constructor(
    readonly context: BuildContext,
    private readonly parentNode: string,
    readonly keySerde: Serde<K> | undefined,
    readonly valueSerde: Serde<V> | undefined,
    private readonly repartitionRequired: boolean,
    private readonly grouped: Grouped<K, V>,
  ) {}

  /** Materialized's serdes, else this grouping's key serde and the aggregation's value serde, else the defaults. */
  serdes<VA>(
    materialized: Materialized<K, VA> | undefined,
    valueSerde: Serde<VA> | undefined,
  ): { keySerde: Serde<K> | undefined; valueSerde: Serde<VA> | undefined } {
    return {
      keySerde: materialized?.keySerde ?? this.keySerde ?? (this.context.defaultKeySerde as Serde<K> | undefined),
      valueSerde: materialized?.valueSerde ?? valueSerde ?? (this.context.defaultValueSerde as Serde<VA> | undefined),
    };
  }

  /** Names the store (Materialized's name or generated) and the aggregate node, and adds the node with its store. */
  addAggregate(
    prefix: string,
    storeName: string | undefined,
    supplier: (storeName: string) => Untyped,
  ): { node: string; store: string } {
    const store = storeName ?? this.context.newName(`${prefix}-STATE-STORE-`);
    const node = this.context.newName(`${prefix}-`);
    this.context.topology.addProcessor(node, supplier(store), this.sourceNode(store));
    return { node, store };
  }

  private sourceNode(storeName: string): string {
    if (!this.repartitionRequired) return this.parentNode;
    this.repartitionSource ??= this.addRepartition(this.grouped.name ?? storeName);
    return this.repartitionSource;
  }

  private addRepartition(base: string): string {
    const { topology } = this.context;
    const topic = `${base}-repartition`;
    const filter = `${base}-repartition-filter`;
    const sink = `${base}-repartition-sink`;
    const source = `${base}-repartition-source`;
    // Kafka Streams consumes a sequence number per repartition node even when it is named.
    for (let i = 0; i < 3; i++) this.context.newName('');
    const serdes = {
      keySerde: this.keySerde ?? this.context.defaultKeySerde,
      valueSerde: this.valueSerde ?? this.context.defaultValueSerde,
    };
    topology.addInternalTopic({ name: topic, kind: 'repartition' });
    // Like Kafka Streams: records with a null key cannot be partitioned by key, so they are dropped here.
    topology.addProcessor(
      filter,
      filterProcessor((key: K) => key !== null && key !== undefined, false),
      this.parentNode,
    );
    topology.addInternalSink(sink, topic, serdes, filter);
    topology.addInternalSource(source, topic, serdes);
    return source;
  }
}

export class KGroupedStream<K, V> extends GroupedAggregations<K, V, K> {
  /** @internal */
  constructor(source: GroupedSource<K, V>) {
    super(source);
  }

  /**
   * Starts a cogroup (Java: KGroupedStream#cogroup): this stream's records update a shared aggregate through
   * `aggregator`; add other grouped streams with `.cogroup(...)`, then `.aggregate(initializer)`.
   */
  cogroup<VOut>(aggregator: (key: K, value: V, aggregate: VOut) => VOut): CogroupedKStream<K, VOut> {
    return new CogroupedKStream<K, VOut>([cogroupPart(this.source, aggregator)]);
  }

  /** @internal Where this grouping's records come from (a cogroup aggregates several). */
  groupedSource(): GroupedSource<K, V> {
    return this.source;
  }

  windowedBy(windows: TimeWindows): TimeWindowedKStream<K, V>;
  windowedBy(windows: SlidingWindows): SlidingWindowedKStream<K, V>;
  windowedBy(windows: SessionWindows): SessionWindowedKStream<K, V>;
  windowedBy(
    windows: TimeWindows | SlidingWindows | SessionWindows,
  ): TimeWindowedKStream<K, V> | SlidingWindowedKStream<K, V> | SessionWindowedKStream<K, V> {
    if (windows instanceof TimeWindows) return new TimeWindowedKStream(this.source, windows);
    if (windows instanceof SlidingWindows) return new SlidingWindowedKStream(this.source, windows);
    return new SessionWindowedKStream(this.source, windows);
  }

  protected aggregateWith<VA>(
    aggregate: AggregationStep<K, V, VA>,
    materialized: Materialized<K, VA> | undefined,
    defaultValueSerde: Serde<VA> | undefined,
    initializer?: () => VA,
  ): KTable<K, VA> {
    const { context } = this.source;
    const { keySerde, valueSerde } = this.source.serdes(materialized, defaultValueSerde);
    const { node, store } = this.source.addAggregate('KSTREAM-AGGREGATE', materialized?.storeName, (name) =>
      streamAggregateProcessor(name, aggregate, initializer),
    );
    const label = `The store ${store}`;
    // Each aggregate is kept with the largest timestamp aggregated into it (Java's timestamped store); its changelog
    // holds the aggregate alone, as Java's does.
    const builder = keyValueStoreBuilder(
      store,
      requireSerde(context, keySerde, `${label} key`),
      valueAndTimestampSerde(requireSerde(context, valueSerde, `${label} value`)),
      materialized as Materialized<unknown, unknown> | undefined,
    );
    context.topology.addStateStore(timestampedKeyValueStoreBuilder(withPlainValueChangelog(builder)), node);
    return new KTable<K, VA>(context, node, keySerde, valueSerde, { storeName: store });
  }
}
