// CogroupedKStream<K, VOut> (Java: CogroupedKStream, KIP-150): several grouped streams aggregated into one table,
// each with its own aggregator. Every grouped stream gets its aggregate node (COGROUPKSTREAM-AGGREGATE-<n>); all
// of them read and write one store, and a COGROUPKSTREAM-MERGE-<n> node passes their updates on as one table.
// The streams are co-partitioned; a grouped stream whose key changed is repartitioned first, as for any
// aggregation. Plain, time-windowed and session-windowed, as Java's.
import type { Serde } from '../serde/serde.js';
import type { Windowed } from '../windows/window.js';
import type { SessionWindows } from '../windows/session-windows.js';
import { SlidingWindows } from '../windows/sliding-windows.js';
import { TimeWindows } from '../windows/time-windows.js';
import { sessionWindowedSerde, timeWindowedSerde } from '../windows/windowed-serdes.js';
import type { GroupedSource, KGroupedStream } from './kgrouped-stream.js';
import { KTable } from './ktable.js';
import type { Materialized } from './materialized.js';
import { passThroughProcessor } from '../internal/dsl/operators.js';
import { sessionAggregateProcessor } from '../internal/dsl/processors/session-aggregate.js';
import { slidingWindowAggregateProcessor } from '../internal/dsl/processors/sliding-window-aggregate.js';
import { timestampedWindowStoreBuilder, valueAndTimestampSerde } from '../internal/state/timestamped-window-store.js';
import type { Untyped } from '../internal/dsl/processors/stateful.js';
import { streamAggregateProcessor } from '../internal/dsl/processors/stream-aggregate.js';
import { withPlainValueChangelog } from '../internal/dsl/plain-value-changelog.js';
import { timestampedKeyValueStoreBuilder } from '../internal/dsl/timestamped-key-value-store.js';
import { windowAggregateProcessor } from '../internal/dsl/processors/window-aggregate.js';
import {
  keyValueStoreBuilder,
  requireSerde,
  sessionStoreBuilder,
  windowStoreBuilder,
} from '../internal/dsl/store-support.js';
import type { StateStore } from '../state/store.js';
import type { StoreBuilder } from '../state/stores.js';

/** One grouped stream of a cogroup and what it adds to the shared aggregate. */
interface CogroupPart<K, VOut> {
  readonly source: GroupedSource<K, unknown>;
  readonly aggregator: (key: K, value: unknown, aggregate: VOut) => VOut;
}

/** What each windowing adds: the store, the aggregate processor of a part, the result's key serde and grace. */
interface CogroupShape<K, VOut, KR> {
  readonly store: (name: string, keySerde: Serde<K>, valueSerde: Serde<VOut>) => StoreBuilder<StateStore>;
  readonly processor: (store: string, part: CogroupPart<K, VOut>) => Untyped;
  readonly keySerde: (keySerde: Serde<K>) => Serde<KR>;
  readonly windowGraceMs?: number;
}

export class CogroupedKStream<K, VOut> {
  /** @internal */
  constructor(private readonly parts: Array<CogroupPart<K, VOut>>) {}

  /** Adds a grouped stream with its aggregator (as Java: a stream added again replaces its aggregator). */
  cogroup<V>(
    groupedStream: KGroupedStream<K, V>,
    aggregator: (key: K, value: V, aggregate: VOut) => VOut,
  ): CogroupedKStream<K, VOut> {
    const part = cogroupPart(groupedStream.groupedSource(), aggregator);
    const index = this.parts.findIndex((p) => p.source === part.source);
    if (index >= 0) this.parts[index] = part;
    else this.parts.push(part);
    return this;
  }

  /** The aggregate per key, starting from `initializer()` for a key's first record. */
  aggregate(initializer: () => VOut, materialized?: Materialized<K, VOut>): KTable<K, VOut> {
    return buildCogroup<K, VOut, K>(this.parts, materialized, {
      // As KGroupedStream's aggregations: each aggregate kept with the largest timestamp aggregated into it, its
      // changelog holding the aggregate alone.
      store: (name, keySerde, valueSerde) =>
        timestampedKeyValueStoreBuilder(
          withPlainValueChangelog(
            keyValueStoreBuilder(
              name,
              keySerde,
              valueAndTimestampSerde(valueSerde),
              materialized as Materialized<unknown, unknown> | undefined,
            ),
          ),
        ),
      processor: (store, part) =>
        streamAggregateProcessor<K, unknown, VOut>(
          store,
          (key, value, current) => part.aggregator(key, value, current ?? initializer()),
          initializer,
        ),
      keySerde: (keySerde) => keySerde,
    });
  }

  /** Over time windows, or (as Java, also a TimeWindowedCogroupedKStream) sliding windows. */
  windowedBy(windows: TimeWindows | SlidingWindows): TimeWindowedCogroupedKStream<K, VOut>;
  windowedBy(windows: SessionWindows): SessionWindowedCogroupedKStream<K, VOut>;
  windowedBy(
    windows: TimeWindows | SlidingWindows | SessionWindows,
  ): TimeWindowedCogroupedKStream<K, VOut> | SessionWindowedCogroupedKStream<K, VOut> {
    return windows instanceof TimeWindows || windows instanceof SlidingWindows
      ? new TimeWindowedCogroupedKStream(this.parts, windows)
      : new SessionWindowedCogroupedKStream(this.parts, windows);
  }
}

/** A cogroup over time windows (tumbling or hopping) or sliding windows: one aggregate per key and window. */
export class TimeWindowedCogroupedKStream<K, VOut> {
  /** @internal */
  constructor(
    private readonly parts: ReadonlyArray<CogroupPart<K, VOut>>,
    private readonly windows: TimeWindows | SlidingWindows,
  ) {}

  aggregate(initializer: () => VOut, materialized?: Materialized<K, VOut>): KTable<Windowed<K>, VOut> {
    const { windows } = this;
    if (windows instanceof SlidingWindows) return this.aggregateSliding(windows, initializer, materialized);
    const assignment = {
      windowsFor: (ts: number) => windows.windowsFor(ts),
      sizeMs: windows.sizeMs,
      graceMs: windows.graceMs,
      emit: 'on-window-update' as const,
      storeExpiry: {
        retentionMs: materialized?.retentionMs ?? windows.retentionMs(),
        inMemory: materialized?.inMemory ?? false,
      },
    };
    return buildCogroup<K, VOut, Windowed<K>>(this.parts, materialized, {
      // As the time-windowed aggregations: each window keeps the newest timestamp of its records.
      store: (name, keySerde, valueSerde) =>
        timestampedWindowStoreBuilder(
          windowStoreBuilder(
            name,
            keySerde,
            valueAndTimestampSerde(valueSerde),
            windows.sizeMs,
            windows.retentionMs(),
            materialized as Materialized<unknown, unknown> | undefined,
          ),
        ),
      processor: (store, part) =>
        windowAggregateProcessor<K, unknown, VOut>(store, assignment, (key, value, current) =>
          part.aggregator(key, value, current ?? initializer()),
        ),
      keySerde: (keySerde) => timeWindowedSerde(keySerde, windows.sizeMs),
      windowGraceMs: windows.graceMs,
    });
  }

  private aggregateSliding(
    windows: SlidingWindows,
    initializer: () => VOut,
    materialized: Materialized<K, VOut> | undefined,
  ): KTable<Windowed<K>, VOut> {
    return buildCogroup<K, VOut, Windowed<K>>(this.parts, materialized, {
      // As the sliding-windowed aggregations: each window keeps its newest record's timestamp.
      store: (name, keySerde, valueSerde) =>
        timestampedWindowStoreBuilder(
          windowStoreBuilder(
            name,
            keySerde,
            valueAndTimestampSerde(valueSerde),
            windows.timeDifferenceMs,
            materialized?.retentionMs ?? windows.retentionMs(),
            materialized as Materialized<unknown, unknown> | undefined,
          ),
        ),
      processor: (store, part) =>
        slidingWindowAggregateProcessor<K, unknown, VOut>(
          store,
          windows,
          'on-window-update',
          {
            retentionMs: materialized?.retentionMs ?? windows.retentionMs(),
            inMemory: materialized?.inMemory ?? false,
          },
          (key, value, current) => part.aggregator(key, value, current ?? initializer()),
        ),
      keySerde: (keySerde) => timeWindowedSerde(keySerde, windows.timeDifferenceMs),
      // A sliding window includes its end (see SlidingWindowedKStream).
      windowGraceMs: windows.graceMs + 1,
    });
  }
}

/** A cogroup over session windows: sessions of a key merged by `merger`. */
export class SessionWindowedCogroupedKStream<K, VOut> {
  /** @internal */
  constructor(
    private readonly parts: ReadonlyArray<CogroupPart<K, VOut>>,
    private readonly windows: SessionWindows,
  ) {}

  aggregate(
    initializer: () => VOut,
    merger: (key: K, left: VOut, right: VOut) => VOut,
    materialized?: Materialized<K, VOut>,
  ): KTable<Windowed<K>, VOut> {
    const { windows } = this;
    return buildCogroup<K, VOut, Windowed<K>>(this.parts, materialized, {
      store: (name, keySerde, valueSerde) =>
        sessionStoreBuilder(
          name,
          keySerde,
          valueSerde,
          // As the session-windowed aggregations: kept one gap longer, a record can bridge a session that far back.
          windows.retentionMs() + windows.inactivityGapMs,
          materialized as Materialized<unknown, unknown> | undefined,
        ),
      processor: (store, part) =>
        sessionAggregateProcessor<K, unknown, VOut>(
          store,
          // Java's cogrouped session aggregations have no emit strategy: every update goes downstream.
          {
            windows,
            retentionMs: materialized?.retentionMs ?? windows.retentionMs(),
            emit: 'on-window-update',
            inMemoryStore: materialized?.inMemory ?? false,
          },
          {
            initializer,
            aggregator: part.aggregator,
            merger,
          },
        ),
      keySerde: (keySerde) => sessionWindowedSerde(keySerde),
      windowGraceMs: windows.graceMs,
    });
  }
}

/** @internal The first part of a cogroup (KGroupedStream.cogroup). */
export function cogroupPart<K, V, VOut>(
  source: GroupedSource<K, V>,
  aggregator: (key: K, value: V, aggregate: VOut) => VOut,
): CogroupPart<K, VOut> {
  return {
    source: source as GroupedSource<K, unknown>,
    aggregator: aggregator as (key: K, value: unknown, aggregate: VOut) => VOut,
  };
}

function buildCogroup<K, VOut, KR>(
  parts: ReadonlyArray<CogroupPart<K, VOut>>,
  materialized: Materialized<K, VOut> | undefined,
  shape: CogroupShape<K, VOut, KR>,
): KTable<KR, VOut> {
  const [first] = parts;
  if (first === undefined) throw new Error('a cogroup needs at least one grouped stream');
  const { context } = first.source;
  const store = materialized?.storeName ?? context.newName('COGROUPKSTREAM-AGGREGATE-STATE-STORE-');
  const nodes = parts.map(
    (part) => part.source.addAggregate('COGROUPKSTREAM-AGGREGATE', store, (name) => shape.processor(name, part)).node,
  );
  const { keySerde, valueSerde } = first.source.serdes(materialized, undefined);
  const label = `The cogroup store ${store}`;
  const resolvedKeySerde = requireSerde(context, keySerde, `${label} key`);
  context.topology.addStateStore(
    shape.store(store, resolvedKeySerde, requireSerde(context, valueSerde, `${label} value`)),
    ...nodes,
  );
  if (nodes.length > 1) context.topology.addCopartitionGroup(nodes);
  const merge = context.newName('COGROUPKSTREAM-MERGE-');
  context.topology.addProcessor(merge, passThroughProcessor(), ...nodes);
  return new KTable<KR, VOut>(context, merge, keySerde && shape.keySerde(keySerde), valueSerde, {
    storeName: undefined,
    ...(shape.windowGraceMs === undefined ? {} : { windowGraceMs: shape.windowGraceMs }),
  });
}
