// SessionWindowedKStream aggregate: a record joins every session of its key within the inactivity gap;
// those sessions are merged (merger), removed (a tombstone downstream for each) and replaced by one.
import type { SessionStore } from '../../../state/store.js';
import type { SessionWindows } from '../../../windows/session-windows.js';
import { windowed, type Windowed } from '../../../windows/window.js';
import { isMissing, processorOf, type Untyped } from './stateful.js';
import { change, type Change } from './table-change.js';

export interface SessionAggregation<K, V, VA> {
  readonly initializer: () => VA;
  readonly aggregator: (key: K, value: V, aggregate: VA) => VA;
  readonly merger: (key: K, left: VA, right: VA) => VA;
}

export const sessionAggregateProcessor = <K, V, VA>(
  storeName: string,
  windows: SessionWindows,
  aggregation: SessionAggregation<K, V, VA>,
): Untyped =>
  processorOf<K, V, Windowed<K>, Change<VA>>((context) => {
    const store = context.getStateStore<SessionStore<K, VA>>(storeName);
    return (record) => {
      if (isMissing(record.key) || isMissing(record.value)) return;
      const { key, timestamp } = record;
      const streamTime = context.currentStreamTimeMs();
      // Sessions Java's store has already expired (its default retention: gap + grace; ours keeps them one gap
      // longer) take no part, as in Java.
      const overlapping = store
        .findSessions(key, timestamp - windows.inactivityGapMs, timestamp + windows.inactivityGapMs)
        .filter((session) => session.key.window.endMs + windows.inactivityGapMs + windows.graceMs > streamTime);
      let startMs = timestamp;
      let endMs = timestamp;
      let aggregate = aggregation.initializer();
      for (const session of overlapping) {
        startMs = Math.min(startMs, session.key.window.startMs);
        endMs = Math.max(endMs, session.key.window.endMs);
        aggregate = aggregation.merger(key, aggregate, session.value);
      }
      // Java (KStreamSessionWindowAggregate): a session is late when its end is before stream time - grace - gap,
      // the time until which a record could still extend it.
      if (endMs + windows.inactivityGapMs + windows.graceMs < streamTime) {
        context.recordDroppedAsLate?.({
          timestamp,
          sessionStartMs: startMs,
          sessionEndMs: endMs,
          streamTimeMs: streamTime,
        });
        return;
      }
      // As Java: when the merged session is just the record's own [t, t] (a record at the timestamp of a
      // single-record session), that session is updated in place, without a tombstone.
      if (startMs !== timestamp || endMs !== timestamp) {
        for (const session of overlapping) {
          store.remove(session.key);
          context.forward({ ...record, key: session.key, value: change(null, session.value) });
        }
      }
      aggregate = aggregation.aggregator(key, record.value, aggregate);
      const merged = windowed(key, startMs, endMs);
      store.put(merged, aggregate);
      context.forward({ ...record, key: merged, value: change(aggregate, null) });
    };
  });
