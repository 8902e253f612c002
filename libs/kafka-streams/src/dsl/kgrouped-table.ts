// KGroupedTable<K, V> (Java: KGroupedTable): the rows of a table regrouped by KTable.groupBy, ready to
// aggregate. Every table update reaches the aggregation as a change (the row's new selection and its old one,
// in one record when the row stays in its group), through `<applicationId>-<name>-repartition` (named by Grouped, else by the aggregate's
// store; with a Grouped name, the aggregations of one grouping share the topic, as in Kafka Streams).
import type { Serde } from '../serde/serde.js';
import type { BuildContext } from '../internal/dsl/build-context.js';
import type { Grouped } from './grouped.js';
import { KTable } from './ktable.js';
import { longAsNumberSerde } from './long-serde.js';
import type { Materialized } from './materialized.js';
import { tableAggregateProcessor, type TableAggregation } from '../internal/dsl/processors/table-aggregate.js';
import { addTableStore } from '../internal/dsl/table-materialization.js';
import { changeSerde } from '../internal/dsl/change-serde.js';

export class KGroupedTable<K, V> {
  private sharedRepartitionSource: string | undefined;

  /** @internal */
  constructor(
    private readonly context: BuildContext,
    private readonly selectName: string,
    private readonly keySerde: Serde<K> | undefined,
    private readonly valueSerde: Serde<V> | undefined,
    private readonly grouped: Grouped<K, V>,
  ) {}

  /** The number of rows per key; a key whose rows all left keeps a count of 0 (as in Java). */
  count(materialized?: Materialized<K, number>): KTable<K, number> {
    return this.aggregateWith<number>(
      'KTABLE-AGGREGATE-',
      { add: (_k, _v, current) => (current ?? 0) + 1, subtract: (_k, _v, current) => current - 1 },
      materialized,
      longAsNumberSerde(),
    );
  }

  /** Combines the values of a key: `adder` for a row's new value, `subtractor` for its old one. */
  reduce(
    adder: (aggregate: V, value: V) => V,
    subtractor: (aggregate: V, value: V) => V,
    materialized?: Materialized<K, V>,
  ): KTable<K, V> {
    return this.aggregateWith<V>(
      'KTABLE-REDUCE-',
      {
        add: (_k, value, current) => (current === undefined ? value : adder(current, value)),
        subtract: (_k, value, current) => subtractor(current, value),
      },
      materialized,
      this.valueSerde,
    );
  }

  aggregate<VA>(
    initializer: () => VA,
    adder: (key: K, value: V, aggregate: VA) => VA,
    subtractor: (key: K, value: V, aggregate: VA) => VA,
    materialized?: Materialized<K, VA>,
  ): KTable<K, VA> {
    return this.aggregateWith<VA>(
      'KTABLE-AGGREGATE-',
      {
        add: (key, value, current) => adder(key, value, current ?? initializer()),
        subtract: (key, value, current) => subtractor(key, value, current),
      },
      materialized,
      undefined,
    );
  }

  private aggregateWith<VA>(
    prefix: 'KTABLE-AGGREGATE-' | 'KTABLE-REDUCE-',
    aggregation: TableAggregation<K, V, VA>,
    materialized: Materialized<K, VA> | undefined,
    defaultValueSerde: Serde<VA> | undefined,
  ): KTable<K, VA> {
    const { context } = this;
    // Java's order of generated names: store, repartition sink, repartition source, aggregate.
    const storeName = materialized?.storeName ?? context.newName('KTABLE-AGGREGATE-STATE-STORE-');
    const sinkName = context.newName('KSTREAM-SINK-');
    const sourceName = context.newName('KSTREAM-SOURCE-');
    const node = context.newName(prefix);
    const source = this.repartition(`${this.grouped.name ?? storeName}-repartition`, sinkName, sourceName);
    // The aggregates' timestamps (Java keeps them in its timestamped store; these stores keep none).
    const timestampsStoreName = `${storeName}-timestamps`;
    context.topology.addProcessor(node, tableAggregateProcessor(storeName, timestampsStoreName, aggregation), source);
    const keySerde = materialized?.keySerde ?? this.keySerde;
    const valueSerde = materialized?.valueSerde ?? defaultValueSerde;
    addTableStore(context, { storeName, processorName: node, keySerde, valueSerde, materialized });
    addTableStore(context, {
      storeName: timestampsStoreName,
      processorName: node,
      keySerde,
      valueSerde: longAsNumberSerde(),
      purpose: `the timestamps of the aggregates in ${storeName}`,
    });
    return new KTable<K, VA>(context, node, keySerde, valueSerde, { storeName });
  }

  /** The repartition topic's source node; created per aggregation unless Grouped named the topic. */
  private repartition(topic: string, sinkName: string, sourceName: string): string {
    if (this.sharedRepartitionSource !== undefined) return this.sharedRepartitionSource;
    const { topology } = this.context;
    const serdes = { keySerde: this.keySerde, valueSerde: this.valueSerde && changeSerde(this.valueSerde) };
    topology.addInternalTopic({ name: topic, kind: 'repartition' });
    topology.addInternalSink(sinkName, topic, serdes, this.selectName);
    topology.addInternalSource(sourceName, topic, serdes);
    if (this.grouped.name !== undefined) this.sharedRepartitionSource = sourceName;
    return sourceName;
  }
}
