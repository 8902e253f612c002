// The differences from Java the suite found, shared by the scenarios that show them. conformance/README.md has
// one row per scenario marked with one of these; keep both in step.
import type { KnownDifference } from '../support/scenario.js';

export const aggregateTimestamp: KnownDifference = {
  reason:
    "Java gives a KGroupedTable aggregation's result the largest timestamp of the records aggregated so far (max of " +
    "the stored aggregate's timestamp and the record's); the library gives it the timestamp of the record that " +
    'updated it, so an out-of-order record emits an older timestamp. (Fixed for stream aggregations, windowed or not.)',
  issue: '#12 (found by the suite)',
};

export const sessionSuppress: KnownDifference = {
  reason:
    'Java emits each session once stream time reaches its end + gap + grace (A[0,5]=2 at B@100, B[100,100]=1 at B@200, ' +
    'B[200,200]=1 at C@1000). The library emits nothing: its suppress takes a session as closed at end + grace (the ' +
    'session table carries only the grace, not the gap) and an update for a window it takes as closed is neither ' +
    'buffered nor emitted, so with grace 0 every update is dropped.',
  issue: '#12 (reported)',
};

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
    'expired (A[30,30] at stream time 60, gap 10, grace 20) is still in the store. Outputs are the same.',
  issue: 'deliberate (session-windowed-kstream.ts: a record can bridge a session ending one gap before it)',
};

export const tableDeleteAbsent: KnownDifference = {
  reason:
    'A delete of a key the left table never held, in a table-table left join: Java sends nothing; the library sends ' +
    'a tombstone (A=null; a no-op downstream). The inner join and a right delete without a row send nothing on both. Documented in ' +
    'libs/kafka-streams/README.md (Table joins): table records carry no old values here.',
  issue: 'deliberate (README)',
};

export const tableJoinTimestamp: KnownDifference = {
  reason:
    'A table-table join result gets the later timestamp of both sides in Java (a1@5 joining x1@10 -> @10); the ' +
    'timestamp of the update that produced it here (@5). Documented in libs/kafka-streams/README.md (Table joins).',
  issue: 'deliberate (README)',
};

export const groupedTableSameGroup: KnownDifference = {
  reason:
    'KTable.groupBy: an update that stays in its group reaches the aggregation as one record in Java (subtract and add ' +
    'together: paris=2 once) and as two here (paris=1, then 2). Documented in libs/kafka-streams/README.md (groupBy).',
  issue: 'deliberate (README)',
};

export const tableFilterOldValues: KnownDifference = {
  reason:
    "A KTable filter below an aggregation: Java's aggregation sends old values along, so an update that fails the " +
    'filter and replaces no passing row sends nothing (A=1 and B=1 never appear); the library sends a tombstone ' +
    'for every failing update (A[0,10)=null, B[0,10)=null).',
  issue: '#12 (found by the suite)',
};

export const slidingStoreExpiry: KnownDifference = {
  reason:
    "Sliding windows (10, grace 5): A@24, B@38, B@39, then A@25 at stream time 39. A@25's left window [15,25] has " +
    "closed, but the right window of A@24, [25,35], is still open. Java with its in-memory store (the harness's) makes " +
    'none: that store has already expired A[14,24] (retention 2 × 10 + 5, by the newest window start put, 39), so it ' +
    "finds no previous record. Java's persistent store (RocksDB, segments of at least a minute) and the library's still " +
    "hold A[14,24] and create A[25,35]=1. With Materialized.withInMemory() the library reads its store as Java's " +
    'in-memory one does (sliding-store-expiry-in-memory matches). Found by gen-sliding-count (seed 11, 500 runs).',
  issue: 'deliberate (sliding-window-aggregate.ts)',
};

export const emitOnCloseInMemoryExpiry: KnownDifference = {
  reason:
    "emitStrategy(onWindowClose) with hopping windows (10 by 5, grace 10): Java's in-memory window store (the " +
    "harness's) has expired each window (start <= newest start - (size + grace)) before its scan for closed windows " +
    'reads it, so Java emits nothing. Its default persistent store for this strategy (RocksDB, time-ordered, segments ' +
    "of at least a minute) still holds them and emits them, as the library's persistent store does. With " +
    'Materialized.withInMemory() the library applies the in-memory cut too (hopping-emit-on-close, tumbling-emit-on-close).',
  issue: 'deliberate (window-close-emitter.ts)',
};
