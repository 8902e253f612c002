// SessionWindowedKStream aggregate/reduce/count (Java: KStreamSessionWindowAggregate): a record joins every
// session of its key within the inactivity gap; those sessions are merged (merger), removed (a tombstone
// downstream for each) and replaced by one. Results carry the session's end as their timestamp (its newest
// record), tombstones the end of the session they remove. Only a null key is skipped: a null value is
// aggregated, as in Java. With emit-on-window-close nothing goes downstream until a session closes
// (session-close-emitter.ts). With the record cache (emitting on update only, as Java), the updates and tombstones
// leave when the cache is flushed, merged per session: a session created and merged away in between never leaves.
import type { EmitStrategyType } from '../../../dsl/emit-strategy.js';
import type { Record } from '../../../processor/api.js';
import type { SessionStore } from '../../../state/store.js';
import type { SessionWindows } from '../../../windows/session-windows.js';
import { windowed, type Windowed } from '../../../windows/window.js';
import { SessionCloseEmitter } from './session-close-emitter.js';
import { isMissing, ObservedStreamTime, processorOf, type Untyped } from './stateful.js';
import { change, type Change } from './table-change.js';
import { forwardsOnFlush } from './cached-forwarding.js';
import { TypedSessionStore } from '../../state/typed-window-stores.js';

export interface SessionAggregation<K, V, VA> {
  readonly initializer: () => VA;
  readonly aggregator: (key: K, value: V, aggregate: VA) => VA;
  readonly merger: (key: K, left: VA, right: VA) => VA;
}

export interface SessionAggregateOptions {
  readonly windows: SessionWindows;
  /**
   * How long Java's session store keeps a session after the newest session end it was given: Materialized's
   * retention, else gap + grace. A session older than that takes no part in merges, as in Java, although the
   * library's store keeps sessions longer.
   */
  readonly retentionMs: number;
  readonly emit: EmitStrategyType;
  /** Whether the session store is in memory: with emit-on-window-close, Java's store kinds return different sessions. */
  readonly inMemoryStore: boolean;
}

export const sessionAggregateProcessor = <K, V, VA>(
  storeName: string,
  { windows, retentionMs, emit, inMemoryStore }: SessionAggregateOptions,
  aggregation: SessionAggregation<K, V, VA>,
): Untyped =>
  processorOf<K, V, Windowed<K>, Change<VA>>((context) => {
    const store = context.getStateStore<SessionStore<K, VA>>(storeName);
    const streamTime = new ObservedStreamTime(context);
    // Java's store expires by the newest session end it was given, not by the processor's stream time.
    let newestSessionEndMs = streamTime.ms;
    const closeTimeAt = (observedMs: number) => observedMs - windows.graceMs - windows.inactivityGapMs;
    const onClose =
      emit === 'on-window-close'
        ? new SessionCloseEmitter(store, context, { retentionMs, inMemory: inMemoryStore }, closeTimeAt(streamTime.ms))
        : undefined;
    // Java's flush reads a session's old value from its store, which answers only while end > the newest session
    // end written to it - retention; the library's store keeps sessions longer (see retentionMs), so the flushes are
    // followed here: a session the cache removes after Java's store dropped it sends no tombstone.
    let newestFlushedEndMs = streamTime.ms;
    const cached =
      onClose === undefined &&
      forwardsOnFlush<Windowed<K>, VA>(
        store,
        ({ key, newValue, oldValue, headers }) => {
          const { endMs } = key.window;
          const oldInJavaStore = endMs > newestFlushedEndMs - retentionMs ? oldValue : null;
          if (newValue === null && oldInJavaStore === null) return;
          newestFlushedEndMs = Math.max(newestFlushedEndMs, endMs);
          context.forward({ key, value: change(newValue, oldInJavaStore), timestamp: endMs, headers });
        },
        () => true,
      );
    // With emit-on-window-close the store is updated as usual but no update or tombstone goes downstream.
    const forwardUpdate = (update: Record<Windowed<K>, Change<VA>>): void => {
      if (onClose === undefined && !cached) context.forward(update);
    };
    /** The sessions Java's store (and its cache) would return: the store's only those ending after the cut. */
    const findSessions = (key: K, timestamp: number) => {
      const earliestEnd = timestamp - windows.inactivityGapMs;
      const latestStart = timestamp + windows.inactivityGapMs;
      const storeEarliestEnd = newestSessionEndMs - retentionMs + 1;
      return store instanceof TypedSessionStore
        ? (store as TypedSessionStore<K, VA>).findSessions(key, earliestEnd, latestStart, storeEarliestEnd)
        : store.findSessions(key, earliestEnd, latestStart).filter((s) => s.key.window.endMs >= storeEarliestEnd);
    };

    const aggregateRecord = (record: Record<K, V>, observedMs: number): void => {
      const { key, timestamp } = record;
      const overlapping = findSessions(key, timestamp);
      let startMs = timestamp;
      let endMs = timestamp;
      let aggregate = aggregation.initializer();
      for (const session of overlapping) {
        startMs = Math.min(startMs, session.key.window.startMs);
        endMs = Math.max(endMs, session.key.window.endMs);
        aggregate = aggregation.merger(key, aggregate, session.value);
      }
      // A session is late when its end is before stream time - grace - gap, the time until which a record could
      // still extend it.
      if (endMs + windows.inactivityGapMs + windows.graceMs < observedMs) {
        context.recordDroppedAsLate?.({
          timestamp,
          sessionStartMs: startMs,
          sessionEndMs: endMs,
          streamTimeMs: observedMs,
        });
        return;
      }
      // When the merged session is just the record's own [t, t] (a record at the timestamp of a single-record
      // session), that session is updated in place, without a tombstone.
      if (startMs !== timestamp || endMs !== timestamp) {
        for (const session of overlapping) {
          store.remove(session.key);
          forwardUpdate({
            ...record,
            key: session.key,
            value: change(null, session.value),
            timestamp: session.key.window.endMs,
          });
        }
      }
      aggregate = aggregation.aggregator(key, record.value, aggregate);
      const merged = windowed(key, startMs, endMs);
      // A reduce whose first value is null has a null aggregate: Java's store takes that as a delete.
      if (aggregate === null) store.remove(merged);
      else store.put(merged, aggregate);
      newestSessionEndMs = Math.max(newestSessionEndMs, endMs);
      forwardUpdate({ ...record, key: merged, value: change(aggregate, null), timestamp: endMs });
    };

    return (record) => {
      if (isMissing(record.key)) return;
      const observedMs = streamTime.observe(record.timestamp);
      aggregateRecord(record, observedMs);
      onClose?.emitClosed(record, closeTimeAt(observedMs), newestSessionEndMs);
    };
  });
