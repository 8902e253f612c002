// The differences from Java the suite found, shared by the scenarios that show them. conformance/README.md has
// one row per scenario marked with one of these; keep both in step.
import type { KnownDifference } from '../support/scenario.js';

export const slidingSuppressClose: KnownDifference = {
  reason:
    'suppress(untilWindowCloses) on sliding windows: Java emits a window when stream time reaches end + grace (the end ' +
    'is inclusive, so the window could still take a record); the library once stream time passes it. Documented in ' +
    'libs/kafka-streams/README.md (Sliding windows).',
  issue: 'deliberate (README)',
};

export const joinClosedWindow: KnownDifference = {
  reason:
    "Java still pairs a record arriving after its window closed with partners retained in the other side's buffer " +
    '(x1@8 after stream time 35 joins a1@0: "a1+x1"); the library pairs only while both windows are open and drops ' +
    'x1 as late. Documented in libs/kafka-streams/README.md (stream-stream joins).',
  issue: 'deliberate (README)',
};

export const sessionRetention: KnownDifference = {
  reason:
    "Session stores keep sessions one gap longer than Java's (gap + grace) retention, so a session Java has already " +
    'expired (A[30,30] at stream time 60, gap 10, grace 20) is still in the store. Outputs are the same. Only ' +
    "without the record cache: with it, Java's cache still answers for the session, as the library's does.",
  issue: 'deliberate (session-windowed-kstream.ts: a record can bridge a session ending one gap before it)',
  onlyWithoutCache: true,
};

export const emitOnCloseInMemoryExpiry: KnownDifference = {
  reason:
    'emitStrategy(onWindowClose) reads closed windows from the window store, which no longer returns windows starting ' +
    "before the newest start put minus the retention (size + grace). Java's in-memory store (the harness's) cuts at " +
    'start <= newest - retention, its default persistent store for this strategy (time-ordered RocksDB) at start < ' +
    "newest - retention: with hopping windows 10 by 5, grace 10, Java's in-memory store emits nothing here, its " +
    'persistent store A[0,10]=4, B[0,10]=1 and B[20,30]=1, as the library does with its default persistent store. With ' +
    'Materialized.withInMemory() the library cuts as the in-memory store (hopping-emit-on-close, tumbling-emit-on-close). ' +
    "Only without the record cache: with it, both emit every closed window their caches still hold (Java's cached " +
    'store returns them whatever its store expired).',
  issue: 'deliberate (window-close-emitter.ts: follows the store kind, as Java)',
  onlyWithoutCache: true,
};

export const derivedVersionedLookup: KnownDifference = {
  reason:
    'A stream-table join against a table derived without a store of its own (mapValues, filter) from a versioned ' +
    "table: Java looks the parent's versions up as of the stream record's time through the value getters (x@20 " +
    'joins A1); the library materializes the derived table with its latest values (x@20 joins A2). Give the derived ' +
    'table its own versioned store (Materialized.as(Stores.persistentVersionedKeyValueStore(...))) to get as-of lookups.',
  issue: 'found (#12: as-of lookups through value getters not done)',
};
