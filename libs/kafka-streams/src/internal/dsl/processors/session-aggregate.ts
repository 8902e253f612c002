// SessionWindowedKStream aggregate/reduce/count (Java: KStreamSessionWindowAggregate): a record joins every
// session of its key within the inactivity gap; those sessions are merged (merger), removed (a tombstone
// downstream for each) and replaced by one. Results carry the session's end as their timestamp (its newest
// record), tombstones the end of the session they remove. Only a null key is skipped: a null value is
// aggregated, as in Java.
import type { SessionStore } from '../../../state/store.js';
import type { SessionWindows } from '../../../windows/session-windows.js';
import { windowed, type Windowed } from '../../../windows/window.js';
import { isMissing, ObservedStreamTime, processorOf, type Untyped } from './stateful.js';
import { change, type Change } from './table-change.js';

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
}

export const sessionAggregateProcessor = <K, V, VA>(
  storeName: string,
  { windows, retentionMs }: SessionAggregateOptions,
  aggregation: SessionAggregation<K, V, VA>,
): Untyped =>
  processorOf<K, V, Windowed<K>, Change<VA>>((context) => {
    const store = context.getStateStore<SessionStore<K, VA>>(storeName);
    const streamTime = new ObservedStreamTime(context);
    // Java's store expires by the newest session end it was given, not by the processor's stream time.
    let newestSessionEndMs = streamTime.ms;
    return (record) => {
      if (isMissing(record.key)) return;
      const { key, timestamp } = record;
      const observedMs = streamTime.observe(timestamp);
      const overlapping = store
        .findSessions(key, timestamp - windows.inactivityGapMs, timestamp + windows.inactivityGapMs)
        .filter((session) => session.key.window.endMs > newestSessionEndMs - retentionMs);
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
          context.forward({
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
      context.forward({ ...record, key: merged, value: change(aggregate, null), timestamp: endMs });
    };
  });
