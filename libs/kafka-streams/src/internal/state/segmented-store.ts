// The storage under window and session stores: entries in time segments (see segments.ts), reads that cover
// only the live segments a time range touches, and retention applied by dropping segments whole. Entries
// older than retention but still in a live segment are filtered out of every read, so a store answers exactly
// as if each entry expired on its own.
import type { StoreIterator } from '../../state/store.js';
import { compareByKey, type SegmentSpace, type SegmentTable, type TimedEntry } from './segment-table.js';
import { RetentionClock, segmentIdOf, segmentIntervalMs } from './segments.js';
import { mergeSorted, storeIterator } from './store-iterator.js';

export class SegmentedStore {
  private segments = new Map<number, SegmentTable>();
  /** Segment ids, oldest first. */
  private ids: number[] = [];
  private readonly clock: RetentionClock;
  private readonly intervalMs: number;
  private readonly drops = new Set<Promise<void>>();
  private open_ = false;
  private bulkLoading = false;

  constructor(
    readonly name: string,
    retentionMs: number,
    private readonly space: SegmentSpace,
    intervalMs = segmentIntervalMs(retentionMs),
  ) {
    this.clock = new RetentionClock(retentionMs);
    this.intervalMs = intervalMs;
  }

  get persistent(): boolean {
    return this.space.persistent;
  }

  /** Opens the segments; `importLegacy` applies each entry an older on-disk format left (as a restore would). */
  async open(importLegacy: (entryKey: Buffer, value: Buffer) => void): Promise<void> {
    if (this.space.persistent || this.segments.size === 0) {
      this.segments = await this.space.open();
      this.ids = [...this.segments.keys()].sort((a, b) => a - b);
      for (const id of [...this.ids].reverse()) {
        const newest = this.segments.get(id)!.newestTime();
        if (newest === undefined) continue;
        this.clock.observe(newest);
        break;
      }
      let imported = 0;
      for await (const [entryKey, value] of this.space.legacyEntries()) {
        importLegacy(entryKey, value);
        if (++imported % 2_000 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (imported > 0) {
        for (const segment of this.segments.values()) segment.flush();
        await this.space.removeLegacy();
      }
    }
    this.open_ = true;
  }

  /** The newest time the store has seen (-Infinity when empty). */
  newestTime(): number {
    return this.clock.newestMs;
  }

  isOpen(): boolean {
    return this.open_;
  }

  /** Writes an entry (`null` deletes it). Returns false when its time is past retention: the write is ignored. */
  put(key: Buffer, time: number, time2: number, value: Buffer | null): boolean {
    if (this.clock.isExpired(time)) return false;
    const id = segmentIdOf(time, this.intervalMs);
    let segment = this.segments.get(id);
    if (value === null) {
      segment?.delete(key, time, time2);
    } else {
      if (segment === undefined) segment = this.createSegment(id);
      segment.put(key, time, time2, value);
    }
    if (this.clock.observe(time)) this.dropExpiredSegments();
    return true;
  }

  get(key: Buffer, time: number, time2: number): Buffer | undefined {
    if (this.clock.isExpired(time)) return undefined;
    return this.segments.get(segmentIdOf(time, this.intervalMs))?.get(key, time, time2);
  }

  /** Entries of `key` with fromMs <= time <= toMs, by (time, time2). */
  fetchKey(key: Buffer, fromMs: number, toMs: number): StoreIterator<TimedEntry> {
    return this.concat(fromMs, toMs, (segment, from, to) => segment.scanKey(key, from, to));
  }

  /** Entries with fromMs <= time <= toMs, by (time, key, time2). */
  fetchTime(fromMs: number, toMs: number): StoreIterator<TimedEntry> {
    return this.concat(fromMs, toMs, (segment, from, to) => segment.scanTime(from, to));
  }

  /** Entries with fromMs <= time <= toMs, by (key, time, time2): the segments' scans merged. */
  fetchKeys(fromMs: number, toMs: number): StoreIterator<TimedEntry> {
    const from = Math.max(fromMs, this.clock.oldestLiveMs);
    const scans = this.segmentsBetween(from, toMs).map((segment) => segment.scanKeys(from, toMs));
    return storeIterator(mergeSorted(scans, compareByKey));
  }

  /** Segments hold disjoint, ordered time spans, so a scan ordered by time first reads them one after another. */
  private concat(
    fromMs: number,
    toMs: number,
    scan: (segment: SegmentTable, fromMs: number, toMs: number) => Iterator<TimedEntry, undefined>,
  ): StoreIterator<TimedEntry> {
    const from = Math.max(fromMs, this.clock.oldestLiveMs);
    const segments = this.segmentsBetween(from, toMs);
    return storeIterator(
      (function* () {
        for (const segment of segments) {
          const rows = scan(segment, from, toMs);
          try {
            for (let row = rows.next(); row.done !== true; row = rows.next()) yield row.value;
          } finally {
            rows.return?.();
          }
        }
      })(),
    );
  }

  private segmentsBetween(fromMs: number, toMs: number): SegmentTable[] {
    if (fromMs > toMs) return [];
    const first = fromMs === Number.NEGATIVE_INFINITY ? -Infinity : segmentIdOf(fromMs, this.intervalMs);
    const last = toMs === Number.POSITIVE_INFINITY ? Infinity : segmentIdOf(toMs, this.intervalMs);
    return this.ids.filter((id) => id >= first && id <= last).map((id) => this.segments.get(id)!);
  }

  approximateNumEntries(): number {
    let count = 0;
    for (const segment of this.segments.values()) count += segment.size;
    return count;
  }

  private createSegment(id: number): SegmentTable {
    const segment = this.space.create(id);
    this.segments.set(id, segment);
    this.ids = [...this.ids, id].sort((a, b) => a - b);
    return segment;
  }

  private dropExpiredSegments(): void {
    const oldestLive = segmentIdOf(this.clock.oldestLiveMs, this.intervalMs);
    while (this.ids.length > 0 && this.ids[0]! < oldestLive) {
      const id = this.ids.shift()!;
      const segment = this.segments.get(id)!;
      this.segments.delete(id);
      // The file removal is asynchronous; flush and close wait for it.
      const drop = this.space.drop(id, segment).finally(() => this.drops.delete(drop));
      drop.catch(() => undefined); // reported by the flush or close that awaits it
      this.drops.add(drop);
    }
  }

  /** Restores: writes need not survive a crash until endBulkLoad (see SqliteSegmentSpace). */
  beginBulkLoad(): void {
    this.bulkLoading = true;
    this.space.beginBulkLoad();
    for (const segment of this.segments.values()) segment.beginBulkLoad();
  }

  /** Resolves once what was written while bulk-loading is on disk. */
  async endBulkLoad(): Promise<void> {
    this.bulkLoading = false;
    for (const segment of this.segments.values()) await segment.endBulkLoad();
    await Promise.all(this.drops);
    await this.space.endBulkLoad();
  }

  async flush(): Promise<void> {
    for (const segment of this.segments.values()) segment.flush();
    await Promise.all(this.drops);
  }

  async close(): Promise<void> {
    if (!this.open_) return;
    // A checkpoint may follow the close: what bulk loading wrote must be on disk by then.
    if (this.bulkLoading) await this.endBulkLoad();
    await Promise.all(this.drops);
    if (this.space.persistent) {
      for (const segment of this.segments.values()) segment.close();
      this.segments = new Map();
      this.ids = [];
      await this.space.close();
    }
    this.open_ = false;
  }
}
