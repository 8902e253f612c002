// A byte-level window store: values per (key, window start), in time segments by window start. Windows older
// than the retention period (relative to the newest window start seen) are gone; writes to them are ignored.
import type { StateStore, StoreIterator } from '../../state/store.js';
import { MemorySegmentSpace } from './memory-segments.js';
import type { SegmentSpace, TimedEntry } from './segment-table.js';
import { SegmentedStore } from './segmented-store.js';
import { drain, storeIterator } from './store-iterator.js';

const LONG = 8;

export interface WindowEntry {
  readonly key: Buffer;
  readonly startMs: number;
  readonly value: Buffer;
}

/** The changelog key of a window entry: <key><start as int64 big-endian>. */
export function windowEntryKey(key: Buffer, startMs: number): Buffer {
  const out = Buffer.alloc(key.length + LONG);
  key.copy(out);
  out.writeBigInt64BE(BigInt(startMs), key.length);
  return out;
}

export function parseWindowEntryKey(bytes: Buffer): { key: Buffer; startMs: number } {
  const keyEnd = bytes.length - LONG;
  return { key: bytes.subarray(0, keyEnd), startMs: Number(bytes.readBigInt64BE(keyEnd)) };
}

const NO_TIME2 = 0;

/**
 * What the typed window stores use: the store itself, or its cached layer (caching-window-store.ts). `storeFromMs`
 * is the oldest window start the store part answers for (the windowed aggregations read it as Java's store would
 * answer, see sliding-window-aggregate.ts): windows the record cache holds are answered whatever their start, as in
 * Java, where the cache still returns windows its store has expired.
 */
export interface WindowBytesStore extends StateStore {
  put(key: Buffer, startMs: number, value: Buffer | null): void;
  fetch(key: Buffer, startMs: number): Buffer | undefined;
  fetchRange(key: Buffer, fromMs: number, toMs: number, storeFromMs?: number): WindowEntry[];
  fetchAll(fromMs?: number, toMs?: number, storeFromMs?: number): WindowEntry[];
  iterateAll(fromMs?: number, toMs?: number): StoreIterator<WindowEntry>;
  iterateByTime(fromMs: number, toMs: number): StoreIterator<WindowEntry>;
  approximateNumEntries(): number;
}

function* windows(entries: StoreIterator<TimedEntry>): Generator<WindowEntry, void, undefined> {
  try {
    for (const { key, time, value } of entries) yield { key, startMs: time, value };
  } finally {
    entries.close();
  }
}

export class BytesWindowStore implements WindowBytesStore {
  private readonly store: SegmentedStore;

  constructor(
    readonly name: string,
    readonly retentionMs: number,
    /** Where the segments live; in memory when not given. */
    space: SegmentSpace = new MemorySegmentSpace(),
    /** Told about every change, for the changelog; restores do not call it. */
    private readonly onChange?: (entryKey: Buffer, value: Buffer | null) => void,
  ) {
    this.store = new SegmentedStore(name, retentionMs, space);
  }

  get persistent(): boolean {
    return this.store.persistent;
  }

  open(): Promise<void> {
    return this.store.open((entryKey, value) => this.restore(entryKey, value));
  }

  isOpen(): boolean {
    return this.store.isOpen();
  }

  put(key: Buffer, startMs: number, value: Buffer | null): void {
    if (this.store.put(key, startMs, NO_TIME2, value)) this.onChange?.(windowEntryKey(key, startMs), value);
  }

  /** Applies a changelog record (restore): no changelog write. */
  restore(entryKey: Buffer, value: Buffer | null): void {
    const { key, startMs } = parseWindowEntryKey(entryKey);
    this.store.put(key, startMs, NO_TIME2, value);
  }

  fetch(key: Buffer, startMs: number): Buffer | undefined {
    return this.store.get(key, startMs, NO_TIME2);
  }

  /** Windows of one key with fromMs <= start <= toMs (and storeFromMs <= start), oldest first. */
  fetchRange(key: Buffer, fromMs: number, toMs: number, storeFromMs = fromMs): WindowEntry[] {
    return drain(this.iterateRange(key, Math.max(fromMs, storeFromMs), toMs));
  }

  iterateRange(key: Buffer, fromMs: number, toMs: number): StoreIterator<WindowEntry> {
    return storeIterator(windows(this.store.fetchKey(key, fromMs, toMs)));
  }

  /** Windows of all keys with fromMs <= start <= toMs (and storeFromMs <= start), by key bytes then start. */
  fetchAll(fromMs = Number.NEGATIVE_INFINITY, toMs = Number.POSITIVE_INFINITY, storeFromMs = fromMs): WindowEntry[] {
    return drain(this.iterateAll(Math.max(fromMs, storeFromMs), toMs));
  }

  iterateAll(fromMs = Number.NEGATIVE_INFINITY, toMs = Number.POSITIVE_INFINITY): StoreIterator<WindowEntry> {
    return storeIterator(windows(this.store.fetchKeys(fromMs, toMs)));
  }

  /** Windows of all keys with fromMs <= start <= toMs, by start then key bytes: one range read per segment. */
  iterateByTime(fromMs: number, toMs: number): StoreIterator<WindowEntry> {
    return storeIterator(windows(this.store.fetchTime(fromMs, toMs)));
  }

  approximateNumEntries(): number {
    return this.store.approximateNumEntries();
  }

  beginBulkLoad(): void {
    this.store.beginBulkLoad();
  }

  endBulkLoad(): Promise<void> {
    return this.store.endBulkLoad();
  }

  flush(): Promise<void> {
    return this.store.flush();
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
