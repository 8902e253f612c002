// TimeWindowedKStream<K, V> (Java: TimeWindowedKStream): aggregations per key and time window, giving a
// KTable keyed by Windowed<K>. Window stores keep windows for Materialized's retention, else size + grace.
import type { Serde } from '../serde/serde.js';
import type { TimeWindows } from '../windows/time-windows.js';
import type { Windowed } from '../windows/window.js';
import { timeWindowedSerde } from '../windows/windowed-serdes.js';
import type { GroupedSource } from './kgrouped-stream.js';
import { KTable } from './ktable.js';
import { longAsNumberSerde } from './long-serde.js';
import type { Materialized } from './materialized.js';
import { windowAggregateProcessor } from './processors/window-aggregate.js';
import { requireSerde, windowStoreBuilder } from './store-support.js';

export class TimeWindowedKStream<K, V> {
  /** @internal */
  constructor(
    private readonly source: GroupedSource<K, V>,
    private readonly windows: TimeWindows,
  ) {}

  count(materialized?: Materialized<K, number>): KTable<Windowed<K>, number> {
    return this.aggregateWith<number>((_k, _v, current) => (current ?? 0) + 1, materialized, longAsNumberSerde());
  }

  reduce(reducer: (aggregate: V, value: V) => V, materialized?: Materialized<K, V>): KTable<Windowed<K>, V> {
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
  ): KTable<Windowed<K>, VA> {
    return this.aggregateWith<VA>(
      (key, value, current) => aggregator(key, value, current ?? initializer()),
      materialized,
      undefined,
    );
  }

  private aggregateWith<VA>(
    aggregate: (key: K, value: V, current: VA | undefined) => VA,
    materialized: Materialized<K, VA> | undefined,
    defaultValueSerde: Serde<VA> | undefined,
  ): KTable<Windowed<K>, VA> {
    const { context } = this.source;
    const { windows } = this;
    const keySerde =
      materialized?.keySerde ?? this.source.keySerde ?? (context.defaultKeySerde as Serde<K> | undefined);
    const valueSerde =
      materialized?.valueSerde ?? defaultValueSerde ?? (context.defaultValueSerde as Serde<VA> | undefined);
    const assignment = { windowsFor: (ts: number) => windows.windowsFor(ts), graceMs: windows.graceMs };
    const { node, store } = this.source.addAggregate('KSTREAM-AGGREGATE', materialized?.storeName, (name) =>
      windowAggregateProcessor(name, assignment, aggregate),
    );
    const label = `The window store ${store}`;
    const builder = windowStoreBuilder(
      store,
      requireSerde(context, keySerde, `${label} key`),
      requireSerde(context, valueSerde, `${label} value`),
      windows.sizeMs,
      windows.retentionMs(),
      materialized as Materialized<unknown, unknown> | undefined,
    );
    context.topology.addStateStore(builder, node);
    const windowedKeySerde = keySerde && timeWindowedSerde(keySerde, windows.sizeMs);
    return new KTable<Windowed<K>, VA>(context, node, windowedKeySerde, valueSerde, {
      storeName: undefined,
      windowGraceMs: windows.graceMs,
    });
  }
}
