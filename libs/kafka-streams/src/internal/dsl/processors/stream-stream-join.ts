// KStream-KStream windowed joins (Java: KStreamJoinWindow, KStreamKStreamJoin). Each side's records are
// buffered in a window store by key and timestamp; a record joins the buffered records of the other side with
// the same key whose timestamps lie within its window, whatever the order in which they arrived.
//
// A record at t on the left ("this") side has the window [t - before, t + after]; on the right ("other")
// side [t - after, t + before]: the same pairs, seen from either side. A window is closed once stream time
// passes its end + grace. A record arriving with its window closed is late: dropped and counted. A pair is
// joined when its second record arrives while the first one's window is still open, so a record whose window
// closed is never joined again.
//
// Left and outer joins emit a record that found no partner only once its window has closed (it waits in the
// shared "outer" store until then; a partner arriving in time removes it): no result with null is emitted for
// a record that is joined later (Java's spurious-result fix).
import type { ProcessorContext, Record } from '../../../processor/api.js';
import type { Serde } from '../../../serde/serde.js';
import type { WindowStore } from '../../../state/store.js';
import { isMissing, processorOf, type Untyped } from './stateful.js';

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

// ---- processors ----

/**
 * KSTREAM-WINDOWED: buffers each record of one side (by key and timestamp) and passes it on to that side's
 * join processor; drops records whose window has already closed.
 */
export const joinWindowProcessor = <K, V>(storeName: string, spec: JoinReach, side: JoinSide): Untyped =>
  processorOf<K, V, K, V>((context) => {
    const store = context.getStateStore<WindowStore<K, V[]>>(storeName);
    const reach = lookAheadMs(spec, side);
    return (record) => {
      const streamTime = context.currentStreamTimeMs();
      const windowEnd = record.timestamp + reach;
      if (windowEnd + spec.graceMs < streamTime) {
        context.recordDroppedAsLate?.({
          timestamp: record.timestamp,
          side,
          windowStartMs: record.timestamp - lookBackMs(spec, side),
          windowEndMs: windowEnd,
          streamTimeMs: streamTime,
        });
        return;
      }
      if (!isMissing(record.key) && !isMissing(record.value)) {
        const buffered = store.fetch(record.key, record.timestamp) ?? [];
        store.put(record.key, [...buffered, record.value], record.timestamp);
      }
      context.forward(record);
    };
  });

/** The earliest timestamp waiting in an outer store, shared by the two join processors of a task. */
interface WaitingSince {
  /** -Infinity: unknown (after a restart), scan the store. */
  earliestMs: number;
}
const waitingByStore = new WeakMap<object, WaitingSince>();

function waitingSince(store: object): WaitingSince {
  let waiting = waitingByStore.get(store);
  if (waiting === undefined) waitingByStore.set(store, (waiting = { earliestMs: Number.NEGATIVE_INFINITY }));
  return waiting;
}

/** KSTREAM-JOINTHIS / -JOINOTHER (OUTERTHIS / OUTEROTHER for outer sides): joins one side's records. */
export const streamStreamJoinProcessor = <K, V, VO, VR>(spec: StreamJoinSpec<K, V, VO, VR>, side: JoinSide): Untyped =>
  processorOf<K, unknown, K, VR>((context) => new SideJoiner(spec, side, context).process);

class SideJoiner<K, V, VO, VR> {
  private readonly partners: WindowStore<K, unknown[]>;
  private readonly unmatched: WindowStore<K, Unmatched<V, VO>> | undefined;
  private readonly waiting: WaitingSince | undefined;
  private readonly opposite: JoinSide;
  private readonly outer: boolean;

  constructor(
    private readonly spec: StreamJoinSpec<K, V, VO, VR>,
    private readonly side: JoinSide,
    private readonly context: ProcessorContext<K, VR>,
  ) {
    this.opposite = side === 'this' ? 'other' : 'this';
    this.outer = side === 'this' ? spec.thisOuter : spec.otherOuter;
    this.partners = context.getStateStore(side === 'this' ? spec.otherStoreName : spec.thisStoreName);
    if (spec.outerStoreName !== undefined) {
      const unmatched = context.getStateStore<WindowStore<K, Unmatched<V, VO>>>(spec.outerStoreName);
      this.unmatched = unmatched;
      this.waiting = waitingSince(unmatched);
    }
  }

  readonly process = (record: Record<K, unknown>): void => {
    if (isMissing(record.value)) return;
    // A record without a key can never be joined; outer sides emit it at once (Java since KIP-962).
    if (isMissing(record.key)) {
      if (this.outer) this.forward(record, this.side, record.value, null, record.timestamp);
      return;
    }
    const streamTime = this.context.currentStreamTimeMs();
    this.emitClosedUnmatched(streamTime);
    const t = record.timestamp;
    const candidates = this.partners.fetchRange(
      record.key,
      t - lookBackMs(this.spec, this.side),
      t + lookAheadMs(this.spec, this.side),
    );
    let joined = false;
    for (const { windowStartMs: partnerTime, value: partnerValues } of candidates) {
      if (this.isClosed(this.opposite, partnerTime, streamTime)) continue;
      joined = true;
      for (const partner of partnerValues) {
        this.forward(record, this.side, record.value, partner, Math.max(t, partnerTime));
      }
      this.removeUnmatched(record.key, partnerTime, this.opposite);
    }
    if (!joined && this.outer && this.unmatched) this.addUnmatched(record.key, record.value, t);
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
    this.waiting!.earliestMs = Math.min(this.waiting!.earliestMs, timestamp);
  }

  /** A partner arrived in time: the records of `side` at this key and timestamp are joined now. */
  private removeUnmatched(key: K, timestamp: number, side: JoinSide): void {
    const store = this.unmatched;
    const current = store?.fetch(key, timestamp);
    if (store === undefined || current === undefined) return;
    const rest = side === 'this' ? { ...current, thisValues: [] } : { ...current, otherValues: [] };
    store.put(key, rest.thisValues.length + rest.otherValues.length === 0 ? null : rest, timestamp);
  }

  /** Emits, oldest first, the waiting records whose windows have closed, joined with null. */
  private emitClosedUnmatched(streamTime: number): void {
    const store = this.unmatched;
    const waiting = this.waiting;
    if (store === undefined || waiting === undefined) return;
    const soonestClose = Math.min(this.spec.beforeMs, this.spec.afterMs) + this.spec.graceMs;
    if (waiting.earliestMs + soonestClose >= streamTime) return;
    let earliestLeft = Number.POSITIVE_INFINITY;
    const due: Array<{ key: K; timestamp: number; side: JoinSide; values: ReadonlyArray<unknown> }> = [];
    for (const { key, value } of store.all()) {
      const timestamp = key.window.startMs;
      const thisDue = this.isClosed('this', timestamp, streamTime);
      const otherDue = this.isClosed('other', timestamp, streamTime);
      if (thisDue && value.thisValues.length > 0)
        due.push({ key: key.key, timestamp, side: 'this', values: value.thisValues });
      if (otherDue && value.otherValues.length > 0)
        due.push({ key: key.key, timestamp, side: 'other', values: value.otherValues });
      const rest = { thisValues: thisDue ? [] : value.thisValues, otherValues: otherDue ? [] : value.otherValues };
      if (rest.thisValues.length + rest.otherValues.length > 0) earliestLeft = Math.min(earliestLeft, timestamp);
      if (thisDue || otherDue) {
        store.put(key.key, rest.thisValues.length + rest.otherValues.length === 0 ? null : rest, timestamp);
      }
    }
    waiting.earliestMs = earliestLeft;
    due.sort((a, b) => a.timestamp - b.timestamp || (a.side === b.side ? 0 : a.side === 'this' ? -1 : 1));
    for (const { key, timestamp, side, values } of due) {
      // The waiting record's own headers are not kept; results of closed windows carry none.
      for (const value of values) this.forward({ key, value, timestamp, headers: [] }, side, value, null, timestamp);
    }
  }
}
