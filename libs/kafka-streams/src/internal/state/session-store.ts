// A byte-level session store: values per (key, session [start, end]), both bounds inclusive, in time segments
// by session end (as Kafka Streams segments them). Sessions that ended before the retention period (relative
// to the newest end seen) are gone; writes to them are ignored.
import type { StateStore, StoreIterator } from '../../state/store.js';
import { MemorySegmentSpace } from './memory-segments.js';
import type { SegmentSpace, TimedEntry } from './segment-table.js';
import { SegmentedStore } from './segmented-store.js';
import { drain, storeIterator } from './store-iterator.js';

const LONG = 8;

export interface SessionEntry {
  readonly key: Buffer;
  readonly startMs: number;
  readonly endMs: number;
  readonly value: Buffer;
}

/** The changelog key of a session: <key><end int64 BE><start int64 BE> (SessionWindowedSerde's layout). */
export function sessionEntryKey(key: Buffer, startMs: number, endMs: number): Buffer {
  const out = Buffer.alloc(key.length + 2 * LONG);
  key.copy(out);
  out.writeBigInt64BE(BigInt(endMs), key.length);
  out.writeBigInt64BE(BigInt(startMs), key.length + LONG);
  return out;
}

export function parseSessionEntryKey(bytes: Buffer): { key: Buffer; startMs: number; endMs: number } {
  const keyEnd = bytes.length - 2 * LONG;
  return {
    key: bytes.subarray(0, keyEnd),
    endMs: Number(bytes.readBigInt64BE(keyEnd)),
    startMs: Number(bytes.readBigInt64BE(keyEnd + LONG)),
  };
}

/**
 * What the typed session stores use: the store itself, or its cached layer (caching-session-store.ts).
 * `storeEarliestEndMs` bounds the sessions the store part answers with (the session aggregation reads it as Java's
 * store would answer): sessions the record cache holds are answered whatever their end, as in Java.
 */
export interface SessionBytesStore extends StateStore {
  put(key: Buffer, startMs: number, endMs: number, value: Buffer | null): void;
  remove(key: Buffer, startMs: number, endMs: number): void;
  fetchSession(key: Buffer, startMs: number, endMs: number): Buffer | undefined;
  findSessions(key: Buffer, earliestEndMs: number, latestStartMs: number, storeEarliestEndMs?: number): SessionEntry[];
  fetchAll(): SessionEntry[];
  iterateAll(): StoreIterator<SessionEntry>;
  iterateByEnd(fromMs: number, toMs: number): StoreIterator<SessionEntry>;
  approximateNumEntries(): number;
}

function* sessions(entries: StoreIterator<TimedEntry>): Generator<SessionEntry, void, undefined> {
  try {
    for (const { key, time, time2, value } of entries) yield { key, startMs: time2, endMs: time, value };
  } finally {
    entries.close();
  }
}

export class BytesSessionStore implements SessionBytesStore {
  private readonly store: SegmentedStore;

  constructor(
    readonly name: string,
    readonly retentionMs: number,
    /** Where the segments live; in memory when not given. */
    space: SegmentSpace = new MemorySegmentSpace(),
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

  put(key: Buffer, startMs: number, endMs: number, value: Buffer | null): void {
    if (this.store.put(key, endMs, startMs, value)) this.onChange?.(sessionEntryKey(key, startMs, endMs), value);
  }

  remove(key: Buffer, startMs: number, endMs: number): void {
    this.put(key, startMs, endMs, null);
  }

  restore(entryKey: Buffer, value: Buffer | null): void {
    const { key, startMs, endMs } = parseSessionEntryKey(entryKey);
    this.store.put(key, endMs, startMs, value);
  }

  /** The value of one session, if the store holds it. */
  fetchSession(key: Buffer, startMs: number, endMs: number): Buffer | undefined {
    return this.store.get(key, endMs, startMs);
  }

  /**
   * Sessions of `key` that end at or after `earliestEndMs` (and `storeEarliestEndMs`) and start at or before
   * `latestStartMs`, oldest first.
   */
  findSessions(
    key: Buffer,
    earliestEndMs: number,
    latestStartMs: number,
    storeEarliestEndMs = earliestEndMs,
  ): SessionEntry[] {
    // One range read by end; a session starts no later than it ends, so none ending after latestStartMs
    // plus the longest session could match, but that length is unknown: the start bound is a filter.
    return drain(this.iterateSessions(key, Math.max(earliestEndMs, storeEarliestEndMs), Number.POSITIVE_INFINITY))
      .filter((s) => s.startMs <= latestStartMs)
      .sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  }

  /** Sessions of `key` ending in [earliestEndMs, latestEndMs], by end then start. */
  iterateSessions(key: Buffer, earliestEndMs: number, latestEndMs: number): StoreIterator<SessionEntry> {
    return storeIterator(sessions(this.store.fetchKey(key, earliestEndMs, latestEndMs)));
  }

  fetchAll(): SessionEntry[] {
    return drain(this.iterateAll());
  }

  /** Every session, by key bytes, then end, then start. */
  iterateAll(): StoreIterator<SessionEntry> {
    return storeIterator(sessions(this.store.fetchKeys(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)));
  }

  /** Sessions ending in [fromMs, toMs] across keys, by end then key bytes. */
  iterateByEnd(fromMs: number, toMs: number): StoreIterator<SessionEntry> {
    return storeIterator(sessions(this.store.fetchTime(fromMs, toMs)));
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
