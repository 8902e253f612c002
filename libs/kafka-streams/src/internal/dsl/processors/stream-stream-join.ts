// KStream-KStream windowed joins (Java: KStreamJoinWindow, KStreamKStreamJoin). Each side's records are
// buffered in a window store by key and timestamp; a record joins the buffered records of the other side with
// the same key whose timestamps lie within its window, whatever the order in which they arrived.
//
// A record at t on the left ("this") side has the window [t - before, t + after]; on the right ("other")
// side [t - after, t + before]: the same pairs, seen from either side. Stream time is the join's own, as Java's
// shared time tracker: the largest timestamp either join processor has seen (records dropped upstream do not
// count). A window is closed once stream time passes its end + grace. A record arriving with its window closed is
// late: it is not buffered and joins nothing; an outer side emits it at once joined with null (Java), an inner
// side drops it and counts it. A pair is joined when its second record arrives while the first one's window is
// still open, so a record whose window closed is never joined again (deliberately stricter than Java, which
// still pairs with partners its buffers retain: README, stream-stream joins).
//
// Left and outer joins: a record that finds no partner waits in the shared "outer" store, unless its window end
// (t + difference, grace not counted) is already behind stream time: then it is emitted at once with null, as
// in Java. Waiting records are emitted with null once their window has closed (a partner arriving in time
// removes them), so no result with null is emitted for a record that is joined later (Java's spurious-result
// fix). When they are emitted follows Java's KStreamKStreamJoin record for record: only a record at stream time
// looks for closed ones, and only once its "minimum time" says there may be some; after a look, that time is the
// timestamp where Java's scan stopped (see JoinTimeTracker.afterScan). The closed records are found through a
// per-side index of waiting timestamps, so emitting them costs O(emitted), not a scan of the outer store.
import type { ProcessorContext, ProcessorSupplier, Record } from '../../../processor/api.js';
import type { Serde } from '../../../serde/serde.js';
import type { WindowStore } from '../../../state/store.js';
import { SortedCounts } from './join-waiting-times.js';
import { isMissing, type Untyped } from './stateful.js';

export type JoinSide = 'this' | 'other';

/** What both join processors of one join share. */
export interface StreamJoinSpec<K, V, VO, VR> {
  readonly thisStoreName: string;
  readonly otherStoreName: string;
  /** The store of records waiting for a partner; present for left and outer joins. */
  readonly outerStoreName: string | undefined;
  readonly beforeMs: number;
  readonly afterMs: number;
  readonly graceMs: number;
  /** Whether records of this side without a partner are emitted (joined with null). */
  readonly thisOuter: boolean;
  readonly otherOuter: boolean;
  /** Inner results get both values; unmatched records of an outer side get null for the other. */
  readonly joiner: (value: V | null, otherValue: VO | null, key: K) => VR;
}

type JoinReach = Pick<StreamJoinSpec<unknown, unknown, unknown, unknown>, 'beforeMs' | 'afterMs' | 'graceMs'>;

/** How far a side's windows reach after its records' timestamps: a window is closed after end + grace. */
const lookAheadMs = (reach: JoinReach, side: JoinSide): number => (side === 'this' ? reach.afterMs : reach.beforeMs);

const lookBackMs = (reach: JoinReach, side: JoinSide): number => (side === 'this' ? reach.beforeMs : reach.afterMs);

/** Records of one key and timestamp waiting for a partner, per side. */
export interface Unmatched<V, VO> {
  readonly thisValues: ReadonlyArray<V>;
  readonly otherValues: ReadonlyArray<VO>;
}

// ---- serdes of the join stores: several values per key and timestamp ----

function encodeValues<T>(serde: Serde<T>, topic: string, values: ReadonlyArray<T>): Buffer[] {
  const parts: Buffer[] = [Buffer.alloc(4)];
  parts[0]!.writeInt32BE(values.length);
  for (const value of values) {
    const bytes = serde.serialize(topic, value);
    if (bytes === null) throw new Error(`stream-stream join: the serde ${serde.name} serialized a value to null`);
    const length = Buffer.alloc(4);
    length.writeInt32BE(bytes.length);
    parts.push(length, bytes);
  }
  return parts;
}

function decodeValues<T>(serde: Serde<T>, topic: string, data: Buffer, offset: number): { values: T[]; end: number } {
  const count = data.readInt32BE(offset);
  let at = offset + 4;
  const values: T[] = [];
  for (let i = 0; i < count; i++) {
    const length = data.readInt32BE(at);
    values.push(serde.deserialize(topic, data.subarray(at + 4, at + 4 + length)));
    at += 4 + length;
  }
  return { values, end: at };
}

/** The values of one key and timestamp: <count: int32> then <length: int32><bytes> per value. */
export function valueListSerde<T>(inner: Serde<T>): Serde<T[]> {
  return {
    name: `List<${inner.name}>`,
    serialize: (topic, values) => Buffer.concat(encodeValues(inner, topic, values)),
    deserialize(topic, data) {
      if (data === null) throw new Error(`List<${inner.name}>: null is not a list of values`);
      return decodeValues(inner, topic, data, 0).values;
    },
  };
}

/** Both sides' waiting values of one key and timestamp: this side's list, then the other side's. */
export function unmatchedSerde<V, VO>(thisSerde: Serde<V>, otherSerde: Serde<VO>): Serde<Unmatched<V, VO>> {
  const name = `Unmatched<${thisSerde.name}, ${otherSerde.name}>`;
  return {
    name,
    serialize: (topic, data) =>
      Buffer.concat([
        ...encodeValues(thisSerde, topic, data.thisValues),
        ...encodeValues(otherSerde, topic, data.otherValues),
      ]),
    deserialize(topic, data) {
      if (data === null) throw new Error(`${name}: null is not a set of waiting records`);
      const left = decodeValues(thisSerde, topic, data, 0);
      return { thisValues: left.values, otherValues: decodeValues(otherSerde, topic, data, left.end).values };
    },
  };
}

// ---- the join's own time, shared by its four processors of one task ----

/** What Java's TimeTracker keeps for one join in one task, plus the index of waiting timestamps. */
export class JoinTimeTracker {
  /** The largest timestamp the join has seen; -1: none yet. */
  streamTimeMs = -1;
  /** Java's minTime: no waiting record is older (Infinity: nothing waits, or unknown after a restart). */
  minTimeMs = Number.POSITIVE_INFINITY;
  /** Waiting timestamps per side; undefined until read from the outer store. */
  waiting: { readonly this: SortedCounts; readonly other: SortedCounts } | undefined;

  advance(timestampMs: number): number {
    this.streamTimeMs = Math.max(this.streamTimeMs, timestampMs);
    return this.streamTimeMs;
  }
}

/** One tracker per task for one join (Java: TimeTrackerSupplier). */
export class JoinTimeTrackers {
  private readonly byTask = new Map<string, JoinTimeTracker>();

  get(taskId: string): JoinTimeTracker {
    let tracker = this.byTask.get(taskId);
    if (tracker === undefined) this.byTask.set(taskId, (tracker = new JoinTimeTracker()));
    return tracker;
  }

  remove(taskId: string): void {
    this.byTask.delete(taskId);
  }
}

// ---- processors ----

/**
 * KSTREAM-WINDOWED: buffers each record of one side (by key and timestamp) for the opposite join processor and
 * passes it on to its own; a record whose window has already closed is passed on without being buffered.
 */
export const joinWindowProcessor =
  <K, V>(storeName: string, spec: JoinReach, side: JoinSide, trackers: JoinTimeTrackers): Untyped =>
  () => {
    let context: ProcessorContext<K, V> | undefined;
    let store: WindowStore<K, V[]>;
    let tracker: JoinTimeTracker;
    return {
      init(ctx: ProcessorContext<K, V>) {
        context = ctx;
        store = ctx.getStateStore<WindowStore<K, V[]>>(storeName);
        tracker = trackers.get(ctx.taskId);
      },
      process(record: Record<K, V>) {
        if (context === undefined) throw new Error(`${storeName}: a join window processor must be initialised first`);
        const streamTime = tracker.streamTimeMs;
        const windowEnd = record.timestamp + lookAheadMs(spec, side);
        if (windowEnd + spec.graceMs < streamTime) {
          context.recordDroppedAsLate?.({
            timestamp: record.timestamp,
            side,
            windowStartMs: record.timestamp - lookBackMs(spec, side),
            windowEndMs: windowEnd,
            streamTimeMs: streamTime,
          });
        } else if (!isMissing(record.key) && !isMissing(record.value)) {
          const buffered = store.fetch(record.key, record.timestamp) ?? [];
          store.put(record.key, [...buffered, record.value], record.timestamp);
        }
        context.forward(record);
      },
      // A task may be closed before its processors were initialised (during a rebalance).
      close() {
        if (context !== undefined) trackers.remove(context.taskId);
      },
    };
  };

/** KSTREAM-JOINTHIS / -JOINOTHER (OUTERTHIS / OUTEROTHER for outer sides): joins one side's records. */
export const streamStreamJoinProcessor = <K, V, VO, VR>(
  spec: StreamJoinSpec<K, V, VO, VR>,
  side: JoinSide,
  trackers: JoinTimeTrackers,
): Untyped => {
  const supplier: ProcessorSupplier<K, unknown, K, VR> = () => {
    let joiner: SideJoiner<K, V, VO, VR> | undefined;
    return {
      init: (context) => (joiner = new SideJoiner(spec, side, context, trackers.get(context.taskId))),
      process: (record) => joiner!.process(record),
      // A task may be closed before its processors were initialised (during a rebalance).
      close: () => joiner && trackers.remove(joiner.taskId),
    };
  };
  return supplier as Untyped;
};

/** One waiting record of the outer store, as Java's scan meets it. */
interface WaitingRecord<K> {
  readonly key: K;
  readonly timestamp: number;
  readonly side: JoinSide;
  readonly value: unknown;
}

/** Java's outer store orders by timestamp, then side (right before left), then key bytes. */
const sideOrder = (side: JoinSide): number => (side === 'other' ? 0 : 1);

class SideJoiner<K, V, VO, VR> {
  private readonly partners: WindowStore<K, unknown[]>;
  private readonly unmatched: WindowStore<K, Unmatched<V, VO>> | undefined;
  private readonly opposite: JoinSide;
  private readonly outer: boolean;

  constructor(
    private readonly spec: StreamJoinSpec<K, V, VO, VR>,
    private readonly side: JoinSide,
    private readonly context: ProcessorContext<K, VR>,
    private readonly tracker: JoinTimeTracker,
  ) {
    this.opposite = side === 'this' ? 'other' : 'this';
    this.outer = side === 'this' ? spec.thisOuter : spec.otherOuter;
    this.partners = context.getStateStore(side === 'this' ? spec.otherStoreName : spec.thisStoreName);
    if (spec.outerStoreName !== undefined) {
      this.unmatched = context.getStateStore<WindowStore<K, Unmatched<V, VO>>>(spec.outerStoreName);
    }
  }

  get taskId(): string {
    return this.context.taskId;
  }

  readonly process = (record: Record<K, unknown>): void => {
    const t = record.timestamp;
    const streamTime = this.tracker.advance(t);
    // A record without a key can never be joined; outer sides emit it at once (Java since KIP-962).
    if (isMissing(record.key) && !isMissing(record.value)) {
      if (this.outer) this.forward(record, this.side, record.value, null, t);
      return;
    }
    if (isMissing(record.key) || isMissing(record.value)) return;
    if (t === streamTime) this.emitClosedUnmatched(streamTime);
    let joined = false;
    if (!this.isClosed(this.side, t, streamTime)) {
      const candidates = this.partners.fetchRange(
        record.key,
        t - lookBackMs(this.spec, this.side),
        t + lookAheadMs(this.spec, this.side),
      );
      for (const { windowStartMs: partnerTime, value: partnerValues } of candidates) {
        if (this.isClosed(this.opposite, partnerTime, streamTime)) continue;
        joined = true;
        for (const partner of partnerValues) {
          this.forward(record, this.side, record.value, partner, Math.max(t, partnerTime));
        }
        this.removeUnmatched(record.key, partnerTime, this.opposite);
      }
    }
    if (joined || !this.outer) return;
    if (this.unmatched === undefined || t + lookAheadMs(this.spec, this.side) < streamTime) {
      this.forward(record, this.side, record.value, null, t);
    } else {
      this.addUnmatched(record.key, record.value, t);
    }
  };

  private isClosed(side: JoinSide, timestamp: number, streamTime: number): boolean {
    return timestamp + lookAheadMs(this.spec, side) + this.spec.graceMs < streamTime;
  }

  /** Emits `value` of `side` joined with `partner` (null: unmatched), in the join's this/other order. */
  private forward(
    record: Record<K, unknown>,
    side: JoinSide,
    value: unknown,
    partner: unknown,
    timestamp: number,
  ): void {
    const [thisValue, otherValue] = side === 'this' ? [value, partner] : [partner, value];
    const joined = this.spec.joiner(thisValue as V | null, otherValue as VO | null, record.key);
    this.context.forward({ key: record.key, value: joined, timestamp, headers: record.headers });
  }

  /** The waiting timestamps, read from the outer store once per task (after a restart, the store has them). */
  private waitingTimes(): { readonly this: SortedCounts; readonly other: SortedCounts } {
    if (this.tracker.waiting !== undefined) return this.tracker.waiting;
    const waiting = { this: new SortedCounts(), other: new SortedCounts() };
    for (const { key, value } of this.unmatched!.all()) {
      if (value.thisValues.length > 0) waiting.this.add(key.window.startMs, value.thisValues.length);
      if (value.otherValues.length > 0) waiting.other.add(key.window.startMs, value.otherValues.length);
    }
    this.tracker.waiting = waiting;
    return waiting;
  }

  private addUnmatched(key: K, value: unknown, timestamp: number): void {
    const store = this.unmatched!;
    const current = store.fetch(key, timestamp) ?? { thisValues: [], otherValues: [] };
    store.put(
      key,
      this.side === 'this'
        ? { ...current, thisValues: [...current.thisValues, value as V] }
        : { ...current, otherValues: [...current.otherValues, value as VO] },
      timestamp,
    );
    this.waitingTimes()[this.side].add(timestamp, 1);
    this.tracker.minTimeMs = Math.min(this.tracker.minTimeMs, timestamp);
  }

  /** A partner arrived in time: the records of `side` at this key and timestamp are joined now. */
  private removeUnmatched(key: K, timestamp: number, side: JoinSide): void {
    const store = this.unmatched;
    const current = store?.fetch(key, timestamp);
    if (store === undefined || current === undefined) return;
    const removed = side === 'this' ? current.thisValues.length : current.otherValues.length;
    if (removed === 0) return;
    const rest = side === 'this' ? { ...current, thisValues: [] } : { ...current, otherValues: [] };
    store.put(key, rest.thisValues.length + rest.otherValues.length === 0 ? null : rest, timestamp);
    this.waitingTimes()[side].remove(timestamp, removed);
  }

  /**
   * Java's emitNonJoinedOuterRecords: when the oldest waiting record may have closed, emits every waiting
   * record whose window has closed joined with null, in Java's store order, and moves minTime to where Java's
   * scan would have stopped.
   */
  private emitClosedUnmatched(streamTime: number): void {
    if (this.unmatched === undefined) return;
    const { graceMs } = this.spec;
    if (this.tracker.minTimeMs + lookAheadMs(this.spec, this.side) + graceMs >= streamTime) return;
    const waiting = this.waitingTimes();
    const newestBefore = Math.max(waiting.this.last() ?? -Infinity, waiting.other.last() ?? -Infinity);
    const closedThis = waiting.this.takeUpTo(streamTime - lookAheadMs(this.spec, 'this') - graceMs - 1);
    const closedOther = waiting.other.takeUpTo(streamTime - lookAheadMs(this.spec, 'other') - graceMs - 1);
    this.tracker.minTimeMs = this.minTimeAfterScan(waiting, newestBefore);
    if (closedThis.length + closedOther.length === 0) return;
    for (const record of this.takeClosed(new Set(closedThis), new Set(closedOther))) {
      // The waiting record's own headers are not kept; results of closed windows carry none.
      const { key, timestamp, side, value } = record;
      this.forward({ key, value, timestamp, headers: [] }, side, value, null, timestamp);
    }
  }

  /**
   * Where Java's scan stops: it walks the store in order past the closed records and stops at the record after
   * the one that showed the second side still open, taking that record's timestamp as minTime; when it runs to
   * the end (one side has nothing open), the newest waiting timestamp; with nothing waiting, "none" (Infinity).
   */
  private minTimeAfterScan(
    open: { readonly this: SortedCounts; readonly other: SortedCounts },
    newestBefore: number,
  ): number {
    if (newestBefore === -Infinity) return Number.POSITIVE_INFINITY;
    const firstThis = open.this.first();
    const firstOther = open.other.first();
    if (firstThis === undefined || firstOther === undefined) return newestBefore;
    // The second side to show an open record: the later of the two first open ones (right before left at a tie).
    const [secondSide, at]: [JoinSide, number] = firstThis >= firstOther ? ['this', firstThis] : ['other', firstOther];
    const moreAtSameTime = open[secondSide].countAt(at) > 1 || (secondSide === 'other' && open.this.countAt(at) > 0);
    if (moreAtSameTime) return at;
    const nextThis = open.this.after(at) ?? Number.POSITIVE_INFINITY;
    const nextOther = open.other.after(at) ?? Number.POSITIVE_INFINITY;
    const next = Math.min(nextThis, nextOther);
    return next === Number.POSITIVE_INFINITY ? at : next;
  }

  /** Removes the waiting records at the closed timestamps of each side from the store, in Java's order. */
  private takeClosed(closedThis: Set<number>, closedOther: Set<number>): Array<WaitingRecord<K>> {
    const store = this.unmatched!;
    const all = [...closedThis, ...closedOther];
    const taken: Array<WaitingRecord<K>> = [];
    for (const { key, value } of store.fetchAll(Math.min(...all), Math.max(...all))) {
      const timestamp = key.window.startMs;
      const thisDue = closedThis.has(timestamp) && value.thisValues.length > 0;
      const otherDue = closedOther.has(timestamp) && value.otherValues.length > 0;
      if (!thisDue && !otherDue) continue;
      if (thisDue) for (const v of value.thisValues) taken.push({ key: key.key, timestamp, side: 'this', value: v });
      if (otherDue) for (const v of value.otherValues) taken.push({ key: key.key, timestamp, side: 'other', value: v });
      const rest = { thisValues: thisDue ? [] : value.thisValues, otherValues: otherDue ? [] : value.otherValues };
      store.put(key.key, rest.thisValues.length + rest.otherValues.length === 0 ? null : rest, timestamp);
    }
    // The store lists by key, then time: a stable sort by time and side keeps the key order within each.
    return taken.sort((a, b) => a.timestamp - b.timestamp || sideOrder(a.side) - sideOrder(b.side));
  }
}
