// count, reduce and aggregate of a grouped stream, plain or over time or sliding windows: each turns its
// function into one aggregation step, which the grouping's aggregateWith wires into the topology.
import type { Serde } from '../../serde/serde.js';
import type { GroupedSource } from '../../dsl/kgrouped-stream.js';
import type { KTable } from '../../dsl/ktable.js';
import { longAsNumberSerde } from '../../dsl/long-serde.js';
import type { Materialized } from '../../dsl/materialized.js';

/** A key's new aggregate from a record and its current aggregate (undefined for the key's first record). */
export type AggregationStep<K, V, VA> = (key: K, value: V, current: VA | undefined) => VA;

/** KR is the result table's key: K, or Windowed<K> for windowed aggregations. */
export abstract class GroupedAggregations<K, V, KR> {
  protected constructor(protected readonly source: GroupedSource<K, V>) {}

  /** The number of records per key. */
  count(materialized?: Materialized<K, number>): KTable<KR, number> {
    return this.aggregateWith<number>(
      (_k, _v, current) => (current ?? 0) + 1,
      materialized,
      longAsNumberSerde(),
      () => 0,
    );
  }

  /** Combines the values of a key; the first value is the key's first aggregate. */
  reduce(reducer: (aggregate: V, value: V) => V, materialized?: Materialized<K, V>): KTable<KR, V> {
    return this.aggregateWith<V>(
      (_k, value, current) => (current === undefined ? value : reducer(current, value)),
      materialized,
      this.source.valueSerde,
    );
  }

  aggregate<VA>(
    initializer: () => VA,
    aggregator: (key: K, value: V, aggregate: VA) => VA,
    materialized?: Materialized<K, VA>,
  ): KTable<KR, VA> {
    return this.aggregateWith<VA>(
      (key, value, current) => aggregator(key, value, current ?? initializer()),
      materialized,
      undefined,
      initializer,
    );
  }

  /**
   * `defaultValueSerde` is the aggregate's serde when Materialized names none (count's, reduce's input's).
   * `initializer` (count's and aggregate's, not reduce's) gives a key's aggregate before its first record: Java's
   * non-windowed aggregations send it as the old value of the key's first update.
   */
  protected abstract aggregateWith<VA>(
    step: AggregationStep<K, V, VA>,
    materialized: Materialized<K, VA> | undefined,
    defaultValueSerde: Serde<VA> | undefined,
    initializer?: () => VA,
  ): KTable<KR, VA>;
}
