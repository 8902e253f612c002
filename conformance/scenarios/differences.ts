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

export const emitOnCloseInMemoryExpiry: KnownDifference = {
  reason:
    'emitStrategy(onWindowClose) reads closed windows from the window store, which no longer returns windows starting ' +
    "before the newest start put minus the retention (size + grace). Java's in-memory store (the harness's) cuts at " +
    'start <= newest - retention, its default persistent store for this strategy (time-ordered RocksDB) at start < ' +
    "newest - retention: with hopping windows 10 by 5, grace 10, Java's in-memory store emits nothing here, its " +
    'persistent store A[0,10]=4, B[0,10]=1 and B[20,30]=1, as the library does with its default persistent store. With ' +
    'Materialized.withInMemory() the library cuts as the in-memory store (hopping-emit-on-close, tumbling-emit-on-close).',
  issue: 'deliberate (window-close-emitter.ts: follows the store kind, as Java)',
};
