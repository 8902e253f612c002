// SlidingWindowedKStream<K, V> (Java: SlidingWindowedKStream): aggregations per key over sliding windows,
// giving a KTable keyed by Windowed<K> whose windows are [start, start + timeDifference], both ends included.
// The window store keeps each window's aggregate with its newest record timestamp, for Materialized's
// retention, else 2 * timeDifference + grace (what the aggregation needs to derive new windows).
import type { Serde } from '../serde/serde.js';
import { EmitStrategy } from './emit-strategy.js';
import { timestampedWindowStoreBuilder, valueAndTimestampSerde } from '../internal/state/timestamped-window-store.js';
import type { SlidingWindows } from '../windows/sliding-windows.js';
import type { Windowed } from '../windows/window.js';
import { timeWindowedSerde } from '../windows/windowed-serdes.js';
import { type AggregationStep, GroupedAggregations } from '../internal/dsl/grouped-aggregations.js';
import type { GroupedSource } from './kgrouped-stream.js';
import { KTable } from './ktable.js';
import type { Materialized } from './materialized.js';
import { slidingWindowAggregateProcessor } from '../internal/dsl/processors/sliding-window-aggregate.js';
import { requireSerde, windowStoreBuilder } from '../internal/dsl/store-support.js';

export class SlidingWindowedKStream<K, V> extends GroupedAggregations<K, V, Windowed<K>> {
  /** @internal */
  constructor(
    source: GroupedSource<K, V>,
    private readonly windows: SlidingWindows,
    private readonly emit: EmitStrategy = EmitStrategy.onWindowUpdate(),
  ) {
    super(source);
  }

  /** When results go downstream: on every update (the default) or once per window when it closes (KIP-825). */
  emitStrategy(strategy: EmitStrategy): SlidingWindowedKStream<K, V> {
    return new SlidingWindowedKStream(this.source, this.windows, strategy);
  }

  protected aggregateWith<VA>(
    aggregate: AggregationStep<K, V, VA>,
    materialized: Materialized<K, VA> | undefined,
    defaultValueSerde: Serde<VA> | undefined,
  ): KTable<Windowed<K>, VA> {
    const { context } = this.source;
    const { windows } = this;
    const { keySerde, valueSerde } = this.source.serdes(materialized, defaultValueSerde);
    const retentionMs = materialized?.retentionMs ?? windows.retentionMs();
    const { node, store } = this.source.addAggregate('KSTREAM-AGGREGATE', materialized?.storeName, (name) =>
      slidingWindowAggregateProcessor(
        name,
        windows,
        this.emit.type,
        { retentionMs, inMemory: materialized?.inMemory ?? false },
        aggregate,
      ),
    );
    if (retentionMs < windows.retentionMs()) {
      context.topology.reportProblem(
        `The retention of the window store ${store} (${retentionMs} ms) must be at least 2 * time difference + grace ` +
          `(${windows.retentionMs()} ms) for sliding windows`,
      );
    }
    const label = `The window store ${store}`;
    const builder = windowStoreBuilder(
      store,
      requireSerde(context, keySerde, `${label} key`),
      valueAndTimestampSerde(requireSerde(context, valueSerde, `${label} value`)),
      windows.timeDifferenceMs,
      retentionMs,
      materialized as Materialized<unknown, unknown> | undefined,
      // As Java: not cached when emitting on window close (the windows are read from the store as they close).
      this.emit.type !== 'on-window-close',
    );
    context.topology.addStateStore(timestampedWindowStoreBuilder(builder), node);
    return new KTable<Windowed<K>, VA>(
      context,
      node,
      keySerde && timeWindowedSerde(keySerde, windows.timeDifferenceMs),
      valueSerde,
      {
        storeName: undefined,
        // A sliding window includes its end, so it closes once stream time passes end + grace: one millisecond
        // after an end-exclusive window of the same grace would, and suppress reads the grace as the latter.
        windowGraceMs: windows.graceMs + 1,
      },
    );
  }
}
