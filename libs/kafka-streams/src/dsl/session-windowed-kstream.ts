// SessionWindowedKStream<K, V> (Java: SessionWindowedKStream): aggregations per key and session. When a
// record bridges sessions they are merged with `merger`; downstream sees a tombstone for each merged-away
// session and the merged session's new aggregate; with emitStrategy(onWindowClose), only each session's final
// aggregate, once it has closed.
import type { Serde } from '../serde/serde.js';
import type { SessionWindows } from '../windows/session-windows.js';
import type { Windowed } from '../windows/window.js';
import { sessionWindowedSerde } from '../windows/windowed-serdes.js';
import type { GroupedSource } from './kgrouped-stream.js';
import { EmitStrategy } from './emit-strategy.js';
import { KTable } from './ktable.js';
import { longAsNumberSerde } from './long-serde.js';
import type { Materialized } from './materialized.js';
import { sessionAggregateProcessor, type SessionAggregation } from '../internal/dsl/processors/session-aggregate.js';
import { requireSerde, sessionStoreBuilder } from '../internal/dsl/store-support.js';
import { segmentIntervalMs } from '../internal/state/segments.js';

export class SessionWindowedKStream<K, V> {
  /** @internal */
  constructor(
    private readonly source: GroupedSource<K, V>,
    private readonly windows: SessionWindows,
    private readonly emit: EmitStrategy = EmitStrategy.onWindowUpdate(),
  ) {}

  /**
   * When results go downstream (KIP-825): every update, with a tombstone for each session merged away (the
   * default), or each session once, with its final aggregate, when stream time passes its end + gap + grace.
   */
  emitStrategy(strategy: EmitStrategy): SessionWindowedKStream<K, V> {
    return new SessionWindowedKStream(this.source, this.windows, strategy);
  }

  count(materialized?: Materialized<K, number>): KTable<Windowed<K>, number> {
    const aggregation = {
      initializer: () => 0,
      aggregator: (_k: K, _v: V, n: number) => n + 1,
      merger: (_k: K, a: number, b: number) => a + b,
    };
    return this.aggregateWith(aggregation, materialized, longAsNumberSerde());
  }

  /**
   * Combines the values of each session; the session's first value is its first aggregate. Merging sessions
   * reduces the newer session's aggregate into the older one's (Java: `reducer(older, newer)`).
   */
  reduce(reducer: (aggregate: V, value: V) => V, materialized?: Materialized<K, V>): KTable<Windowed<K>, V> {
    // As Java: the aggregate is null until the session's first value, and merging reduces each session into it.
    const add = (_key: K, value: V, aggregate: V | null): V => (aggregate === null ? value : reducer(aggregate, value));
    const aggregation: SessionAggregation<K, V, V | null> = {
      initializer: () => null,
      aggregator: add,
      merger: (key, aggregate, session) => (session === null ? aggregate : add(key, session, aggregate)),
    };
    return this.aggregateWith<V | null>(
      aggregation,
      materialized as Materialized<K, V | null> | undefined,
      this.source.valueSerde,
    ) as KTable<Windowed<K>, V>;
  }

  aggregate<VA>(
    initializer: () => VA,
    aggregator: (key: K, value: V, aggregate: VA) => VA,
    merger: (key: K, left: VA, right: VA) => VA,
    materialized?: Materialized<K, VA>,
  ): KTable<Windowed<K>, VA> {
    return this.aggregateWith({ initializer, aggregator, merger }, materialized, undefined);
  }

  private aggregateWith<VA>(
    aggregation: SessionAggregation<K, V, VA>,
    materialized: Materialized<K, VA> | undefined,
    defaultValueSerde: Serde<VA> | undefined,
  ): KTable<Windowed<K>, VA> {
    const { context } = this.source;
    const { keySerde, valueSerde } = this.source.serdes(materialized, defaultValueSerde);
    const retentionMs = materialized?.retentionMs ?? this.windows.retentionMs();
    const inMemoryStore = materialized?.inMemory ?? false;
    const { node, store } = this.source.addAggregate('KSTREAM-AGGREGATE', materialized?.storeName, (name) =>
      sessionAggregateProcessor(
        name,
        { windows: this.windows, retentionMs, emit: this.emit.type, inMemoryStore },
        aggregation,
      ),
    );
    const label = `The session store ${store}`;
    // A record can bridge a session ending one gap before it, so sessions are kept one gap longer than Java's minimum.
    let storeRetentionMs = materialized?.retentionMs ?? this.windows.retentionMs() + this.windows.inactivityGapMs;
    // Java's persistent store for emit-on-window-close drops sessions by whole segments: they are kept as long.
    if (this.emit.type === 'on-window-close' && !inMemoryStore) storeRetentionMs += segmentIntervalMs(retentionMs);
    const builder = sessionStoreBuilder(
      store,
      requireSerde(context, keySerde, `${label} key`),
      requireSerde(context, valueSerde, `${label} value`),
      storeRetentionMs,
      (materialized?.retentionMs === undefined ? materialized : materialized.withRetention(storeRetentionMs)) as
        Materialized<unknown, unknown> | undefined,
      // As Java: not cached when emitting on window close (the sessions are read from the store as they close).
      this.emit.type !== 'on-window-close',
    );
    context.topology.addStateStore(builder, node);
    return new KTable<Windowed<K>, VA>(context, node, keySerde && sessionWindowedSerde(keySerde), valueSerde, {
      storeName: undefined,
      // Java closes a session once stream time passes its end + gap + grace (a record up to a gap later extends it).
      windowGraceMs: this.windows.graceMs + this.windows.inactivityGapMs,
    });
  }
}
