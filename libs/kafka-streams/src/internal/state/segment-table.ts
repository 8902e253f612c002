// One time segment of a window or session store: entries addressed by (key, time, time2), where time is what
// the store is segmented and retained by (window start, session end) and time2 is 0 for windows and the
// session start for sessions. Every scan is a sorted range read; nothing is scanned whole to answer a key.

export interface TimedEntry {
  readonly key: Buffer;
  readonly time: number;
  readonly time2: number;
  readonly value: Buffer;
}

export interface SegmentTable {
  get(key: Buffer, time: number, time2: number): Buffer | undefined;
  put(key: Buffer, time: number, time2: number, value: Buffer): void;
  delete(key: Buffer, time: number, time2: number): void;
  /** Entries of `key` with fromMs <= time <= toMs, by (time, time2). */
  scanKey(key: Buffer, fromMs: number, toMs: number): Iterator<TimedEntry, undefined>;
  /** Entries with fromMs <= time <= toMs, by (time, key, time2). */
  scanTime(fromMs: number, toMs: number): Iterator<TimedEntry, undefined>;
  /** Entries with fromMs <= time <= toMs, by (key, time, time2). */
  scanKeys(fromMs: number, toMs: number): Iterator<TimedEntry, undefined>;
  /** The newest time held, if any. */
  newestTime(): number | undefined;
  readonly size: number;
  /** Makes the writes so far durable (one transaction per flush for disk segments). */
  flush(): void;
  close(): void;
  /** Closes a segment about to be deleted: what it holds need not reach the disk. */
  discard(): void;
  /** Restores: writes from now on need not survive a crash (see SqliteSegmentSpace); no-op in memory. */
  beginBulkLoad(): void;
  /** Ends bulk loading; resolves once everything written meanwhile is on disk. */
  endBulkLoad(): Promise<void>;
}

/** Where a store's segments live: on disk (one database per segment) or in memory. */
export interface SegmentSpace {
  readonly persistent: boolean;
  /** Opens the segments already there, by id. */
  open(): Promise<Map<number, SegmentTable>>;
  create(id: number): SegmentTable;
  /** Entries (changelog key, value) left by an older on-disk format, to import once after open(). */
  legacyEntries(): AsyncIterable<[Buffer, Buffer]>;
  /** Deletes what legacyEntries() read, once it is in the segments. */
  removeLegacy(): Promise<void>;
  /** Removes a segment whole (its table is closed first). */
  drop(id: number, table: SegmentTable): Promise<void>;
  close(): Promise<void>;
  /** Segments created from now on start bulk-loading (see SegmentTable.beginBulkLoad). */
  beginBulkLoad(): void;
  /** Resolves once the segments created while bulk-loading are on disk (their directory entries). */
  endBulkLoad(): Promise<void>;
}

export function compareByKey(a: TimedEntry, b: TimedEntry): number {
  return Buffer.compare(a.key, b.key) || a.time - b.time || a.time2 - b.time2;
}

export function compareByTime(a: TimedEntry, b: TimedEntry): number {
  return a.time - b.time || Buffer.compare(a.key, b.key) || a.time2 - b.time2;
}
