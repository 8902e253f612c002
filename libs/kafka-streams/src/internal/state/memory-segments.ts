// Memory segments, for tests and small stores: the same sorted reads as the disk segments, from sorted
// arrays (binary search to find, a splice to insert or remove), never a scan of the whole segment.
import { bufferKey } from './bytes.js';
import type { SegmentSpace, SegmentTable, TimedEntry } from './segment-table.js';

interface MemoryEntry {
  /** The key as a latin1 string: its order is the byte order of the key. */
  readonly k: string;
  readonly key: Buffer;
  readonly time: number;
  readonly time2: number;
  value: Buffer;
}

const byTimeInKey = (a: MemoryEntry, time: number, time2: number): number => a.time - time || a.time2 - time2;

const byTimeThenKey = (a: MemoryEntry, time: number, k: string, time2: number): number =>
  a.time - time || (a.k < k ? -1 : a.k > k ? 1 : 0) || a.time2 - time2;

/** The first index whose element is not before the target (`before(element)` is true for those before it). */
function lowerBound<T>(items: ReadonlyArray<T>, before: (item: T) => boolean): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (before(items[middle]!)) low = middle + 1;
    else high = middle;
  }
  return low;
}

const exposed = (e: MemoryEntry): TimedEntry => ({ key: e.key, time: e.time, time2: e.time2, value: e.value });

class MemorySegment implements SegmentTable {
  private readonly byKey = new Map<string, MemoryEntry[]>();
  private readonly keys: string[] = [];
  private readonly byTime: MemoryEntry[] = [];

  get size(): number {
    return this.byTime.length;
  }

  private find(k: string, time: number, time2: number): { entries: MemoryEntry[] | undefined; at: number } {
    const entries = this.byKey.get(k);
    if (entries === undefined) return { entries, at: -1 };
    const at = lowerBound(entries, (e) => byTimeInKey(e, time, time2) < 0);
    return { entries, at: at < entries.length && byTimeInKey(entries[at]!, time, time2) === 0 ? at : -1 };
  }

  get(key: Buffer, time: number, time2: number): Buffer | undefined {
    const { entries, at } = this.find(bufferKey(key), time, time2);
    return at < 0 ? undefined : entries![at]!.value;
  }

  put(key: Buffer, time: number, time2: number, value: Buffer): void {
    const k = bufferKey(key);
    const { entries, at } = this.find(k, time, time2);
    if (at >= 0) {
      entries![at]!.value = value;
      return;
    }
    const entry: MemoryEntry = { k, key: Buffer.from(key), time, time2, value };
    let list = entries;
    if (list === undefined) {
      list = [];
      this.byKey.set(k, list);
      this.keys.splice(
        lowerBound(this.keys, (other) => other < k),
        0,
        k,
      );
    }
    list.splice(
      lowerBound(list, (e) => byTimeInKey(e, time, time2) < 0),
      0,
      entry,
    );
    this.byTime.splice(
      lowerBound(this.byTime, (e) => byTimeThenKey(e, time, k, time2) < 0),
      0,
      entry,
    );
  }

  delete(key: Buffer, time: number, time2: number): void {
    const k = bufferKey(key);
    const { entries, at } = this.find(k, time, time2);
    if (at < 0) return;
    entries!.splice(at, 1);
    if (entries!.length === 0) {
      this.byKey.delete(k);
      this.keys.splice(
        lowerBound(this.keys, (other) => other < k),
        1,
      );
    }
    this.byTime.splice(
      lowerBound(this.byTime, (e) => byTimeThenKey(e, time, k, time2) < 0),
      1,
    );
  }

  // Scans copy the matching slice first, so the caller may change the segment while it reads.
  scanKey(key: Buffer, fromMs: number, toMs: number): Iterator<TimedEntry, undefined> {
    return this.slice(this.byKey.get(bufferKey(key)) ?? [], fromMs, toMs).values();
  }

  scanTime(fromMs: number, toMs: number): Iterator<TimedEntry, undefined> {
    return this.slice(this.byTime, fromMs, toMs).values();
  }

  *scanKeys(fromMs: number, toMs: number): Generator<TimedEntry, undefined, undefined> {
    let last: string | undefined;
    for (;;) {
      const next = last === undefined ? 0 : lowerBound(this.keys, (other) => other <= last!);
      const k = this.keys[next];
      if (k === undefined) return undefined;
      last = k;
      yield* this.slice(this.byKey.get(k) ?? [], fromMs, toMs);
    }
  }

  /** The entries of a list sorted by time first with fromMs <= time <= toMs. */
  private slice(sorted: ReadonlyArray<MemoryEntry>, fromMs: number, toMs: number): TimedEntry[] {
    const start = lowerBound(sorted, (e) => e.time < fromMs);
    const end = lowerBound(sorted, (e) => e.time <= toMs);
    return sorted.slice(start, end).map(exposed);
  }

  newestTime(): number | undefined {
    return this.byTime.at(-1)?.time;
  }

  flush(): void {}

  close(): void {}

  discard(): void {}

  beginBulkLoad(): void {}

  async endBulkLoad(): Promise<void> {}
}

export class MemorySegmentSpace implements SegmentSpace {
  readonly persistent = false;

  async open(): Promise<Map<number, SegmentTable>> {
    return new Map();
  }

  create(): SegmentTable {
    return new MemorySegment();
  }

  async *legacyEntries(): AsyncGenerator<[Buffer, Buffer], void, undefined> {}

  async removeLegacy(): Promise<void> {}

  async drop(_id: number, table: SegmentTable): Promise<void> {
    table.close();
  }

  async close(): Promise<void> {}

  beginBulkLoad(): void {}

  async endBulkLoad(): Promise<void> {}
}
