// TimeWindowedKStream<K, V> (Java: TimeWindowedKStream): aggregations per key and time window, giving a
// KTable keyed by Windowed<K>. Window stores keep windows for Materialized's retention, else size + grace,
// each with the newest record timestamp in it (Java's TimestampedWindowStore; the changelog has the aggregates).
import type { Serde } from '../serde/serde.js';
import { timestampedWindowStoreBuilder, valueAndTimestampSerde } from '../internal/state/timestamped-window-store.js';
import { EmitStrategy } from './emit-strategy.js';
import { withPlainValueChangelog } from '../internal/dsl/plain-value-changelog.js';
import type { TimeWindows } from '../windows/time-windows.js';
import type { Windowed } from '../windows/window.js';
import { timeWindowedSerde } from '../windows/windowed-serdes.js';
import { type AggregationStep, GroupedAggregations } from '../internal/dsl/grouped-aggregations.js';
import type { GroupedSource } from './kgrouped-stream.js';
import { KTable } from './ktable.js';
import type { Materialized } from './materialized.js';
import { windowAggregateProcessor } from '../internal/dsl/processors/window-aggregate.js';
import { requireSerde, windowStoreBuilder } from '../internal/dsl/store-support.js';

export class TimeWindowedKStream<K, V> extends GroupedAggregations<K, V, Windowed<K>> {
  /** @internal */
  constructor(
    source: GroupedSource<K, V>,
    private readonly windows: TimeWindows,
    private readonly emit: EmitStrategy = EmitStrategy.onWindowUpdate(),
  ) {
    super(source);
  }

  /** When results go downstream: on every update (the default) or once per window when it closes (KIP-825). */
  emitStrategy(strategy: EmitStrategy): TimeWindowedKStream<K, V> {
    return new TimeWindowedKStream(this.source, this.windows, strategy);
  }

  protected aggregateWith<VA>(
    aggregate: AggregationStep<K, V, VA>,
    materialized: Materialized<K, VA> | undefined,
    defaultValueSerde: Serde<VA> | undefined,
  ): KTable<Windowed<K>, VA> {
    const { context } = this.source;
    const { windows } = this;
    const { keySerde, valueSerde } = this.source.serdes(materialized, defaultValueSerde);
    const assignment = {
      windowsFor: (ts: number) => windows.windowsFor(ts),
      sizeMs: windows.sizeMs,
      graceMs: windows.graceMs,
      emit: this.emit.type,
      storeExpiry: {
        retentionMs: materialized?.retentionMs ?? windows.retentionMs(),
        inMemory: materialized?.inMemory ?? false,
      },
    };
    const { node, store } = this.source.addAggregate('KSTREAM-AGGREGATE', materialized?.storeName, (name) =>
      windowAggregateProcessor(name, assignment, aggregate),
    );
    const label = `The window store ${store}`;
    const builder = windowStoreBuilder(
      store,
      requireSerde(context, keySerde, `${label} key`),
      valueAndTimestampSerde(requireSerde(context, valueSerde, `${label} value`)),
      windows.sizeMs,
      windows.retentionMs(),
      materialized as Materialized<unknown, unknown> | undefined,
    );
    // The changelog holds the aggregates alone, as Java's does.
    context.topology.addStateStore(timestampedWindowStoreBuilder(withPlainValueChangelog(builder)), node);
    const windowedKeySerde = keySerde && timeWindowedSerde(keySerde, windows.sizeMs);
    return new KTable<Windowed<K>, VA>(context, node, windowedKeySerde, valueSerde, {
      storeName: undefined,
      windowGraceMs: windows.graceMs,
    });
  }
}
