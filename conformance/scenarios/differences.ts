// The differences from Java the suite found, shared by the scenarios that show them. conformance/README.md has
// one row per scenario marked with one of these; keep both in step.
import type { KnownDifference } from '../support/scenario.js';

export const aggregateTimestamp: KnownDifference = {
  reason:
    "Java gives an aggregation's result (count/reduce/aggregate of streams, windowed or not, and of KGroupedTable) the largest timestamp of the records " +
    "aggregated so far (max of the stored aggregate's timestamp and the record's); the library gives it the timestamp of " +
    'the record that updated it, so an out-of-order record emits an older timestamp.',
  issue: '#12 (found by the suite)',
};

export const sessionTimestamps: KnownDifference = {
  reason:
    "Java stamps a session's update with the session's end (its newest record) and each tombstone of a session merged " +
    "away with that session's end; the library stamps all of them with the timestamp of the record being processed.",
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

export const filterBeforeWindow: KnownDifference = {
  reason:
    "Java's window aggregate closes windows on the stream time of the records it sees itself, so A@2 still counts in " +
    "[0,10) after a record at 100 the filter dropped (A[0,10)=2). The library closes windows on the task's stream time, " +
    'advanced by the dropped record, and drops A@2 as late.',
  issue: '#12 (reported)',
};

export const leftJoinLate: KnownDifference = {
  reason:
    'A left (outer: either) side record that finds no partner and whose window end (t + difference) is already behind ' +
    'stream time: Java emits it at once joined with null, even when it is later than the grace (left join: A@5 after ' +
    'stream time 50 -> "a2+null"; outer: x1@12 after 60 -> "null+x1"); the library drops a record later than the ' +
    'grace as late. (KStreamKStreamJoin: `timeTo < streamTime` -> forward with null.)',
  issue: '#12 (reported)',
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

export const toTableNullKey: KnownDifference = {
  reason:
    'KStream.toTable() with a null-key record: Java drops it; the library forwards it (null="n") to the table\'s ' +
    'downstream.',
  issue: '#12 (found by the suite)',
};

export const windowedNullValue: KnownDifference = {
  reason:
    'Windowed aggregations (time and session windows) with a null-value record: Java 4.3 aggregates it (count counts ' +
    'it: A[0,10)=2 @3; B[3,3]=1) — unlike the non-windowed count, which skips it on both sides; the library skips it.',
  issue: '#12 (found by the suite)',
};

export const globalLeftJoinNullMappedKey: KnownDifference = {
  reason:
    'Stream-globalTable leftJoin whose key mapper returns null: Java joins the record with null (B="none:null"); the ' +
    'library drops it (as it documents; Java drops it only in the inner join).',
  issue: '#12 (found by the suite)',
};

export const outerJoinUnpairedEmission: KnownDifference = {
  reason:
    'Unpaired records of a left/outer join: Java scans its buffer of waiting records only when stream time has passed ' +
    'the close time of its "minTime", and after a scan minTime is the timestamp of the last record the scan looked ' +
    'at (it goes on past records still open until both sides have one), not of the oldest left waiting. So A@5, A@10, ' +
    'A@14, A@21, A@26 (difference 10, grace 5): at A@21 Java emits a+null @5 and sets minTime 14 (or later), and ' +
    'b+null @10 (closed at 25) waits until stream time passes 29; the library emits it at A@26. ' +
    '(KStreamKStreamJoin.emitNonJoinedOuterRecords, Kafka 4.x.)',
  issue: '#12 (found by the suite)',
};

export const negativeTimestamp: KnownDifference = {
  reason:
    'A TimestampExtractor returning a negative timestamp: Java skips the record (logged and counted) and goes on ' +
    '("after" @3 comes out); the library hands it to the deserialization handler, whose default (LogAndFail) fails ' +
    'the task. (Java only fails with its FailOnInvalidTimestamp extractor.)',
  issue: '#12 (found by the suite)',
};

export const sessionCustomRetention: KnownDifference = {
  reason:
    'Session windows with Materialized.withRetention longer than gap + grace: Java merges a record with a session ' +
    'that has closed (end + gap + grace <= stream time) but is still in its store (A@8 joins A[0,0]: A[0,0]=null, ' +
    'A[0,8]=2); the library ignores sessions closed that way, as Java does with its default retention (gap + grace), ' +
    "and opens A[8,8]. The session processor does not know the store's retention (a fix in session-windowed-kstream.ts).",
  issue: '#12 (found by the suite)',
};

export const slidingStoreExpiry: KnownDifference = {
  reason:
    "Sliding windows (10, grace 5): A@24, B@38, B@39, then A@25 at stream time 39. A@25's left window [15,25] has " +
    'closed, but the right window of A@24, [25,35], is still open. Java makes none: its window store (retention ' +
    '2 × 10 + 5 = 25) has already expired A[14,24] — it expires by the newest window start put (39) — so it finds no ' +
    'previous record. The library still holds A[14,24] and creates A[25,35]=1. Found by gen-sliding-count with seed ' +
    '11 and 500 runs.',
  issue: '#12 (found by the suite)',
};
