// The record cache (Java: ThreadCache and NamedCache): one byte budget per instance (`cacheMaxBytes`), shared by
// every cached store of every active task. Each store has a named cache of its own: an LRU map of serialized keys
// to their latest value. Writes mark entries dirty; dirty entries reach the store (and, through its flush listener,
// the changelog and downstream) only when the cache is flushed — at every commit — or when the budget is exceeded
// and the least recently used entry of the store being written is evicted, which flushes that store's dirty
// entries first. So updates to one key between two commits leave as one record, with the latest value. As Java's
// NamedCache, a flush hands the dirty entries over in the order they were last written (the evicted one first), and
// drops the deletes it wrote: the store answers for them from then on.
import type { Headers } from '../../serde/serde.js';

/** What a cached entry remembers of the record that last wrote it (Java: its ProcessorRecordContext). */
export interface CachedRecordContext {
  readonly timestamp: number;
  readonly headers: Headers;
  /** The task's own description of the record being processed, handed back when the entry is forwarded. */
  readonly origin: unknown;
  /** Bytes the context holds beyond the entry's key and value (counted against the budget). */
  readonly sizeBytes: number;
}

export interface DirtyEntry {
  readonly key: Buffer;
  /** null: the key was deleted. */
  readonly value: Buffer | null;
  readonly context: CachedRecordContext;
}

interface Entry {
  readonly key: Buffer;
  value: Buffer | null;
  context: CachedRecordContext | undefined;
  dirty: boolean;
  sizeBytes: number;
}

/** Java's estimate of the bookkeeping per entry (map node, LRU links, entry object). */
const ENTRY_OVERHEAD_BYTES = 64;

const entrySize = (key: Buffer, value: Buffer | null, context: CachedRecordContext | undefined): number =>
  ENTRY_OVERHEAD_BYTES + key.length + (value?.length ?? 0) + (context?.sizeBytes ?? 0);

/** Serialized keys as map keys: latin1 maps every byte to one character, so distinct keys stay distinct. */
const mapKey = (key: Buffer): string => key.toString('latin1');

export class RecordCache {
  private readonly caches = new Set<NamedCache>();
  private totalBytes = 0;
  private flushedRecords = 0;
  private evictedRecords = 0;

  /** `maxBytes` 0: every write is flushed at once (no caching, as Java's `statestore.cache.max.bytes=0`). */
  constructor(readonly maxBytes: number) {
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
      throw new RangeError(`the record cache size must be a non-negative integer (got ${maxBytes})`);
    }
  }

  /**
   * A store's cache; `flushListener` receives its dirty entries, in the order they were last written, when it must
   * write them. `groupOf` (window and session stores: the record key within the entry key) lets the store read one
   * group's entries without scanning the others.
   */
  namedCache(
    name: string,
    flushListener: (entries: ReadonlyArray<DirtyEntry>) => void,
    groupOf?: (key: Buffer) => Buffer,
  ): NamedCache {
    const cache = new NamedCache(name, this, flushListener, groupOf);
    this.caches.add(cache);
    return cache;
  }

  get sizeBytes(): number {
    return this.totalBytes;
  }

  /** Counters: entries written to their stores by flushes, and entries dropped from the cache to make room. */
  stats(): {
    readonly entries: number;
    readonly sizeBytes: number;
    readonly flushed: number;
    readonly evicted: number;
  } {
    let entries = 0;
    for (const cache of this.caches) entries += cache.size;
    return { entries, sizeBytes: this.totalBytes, flushed: this.flushedRecords, evicted: this.evictedRecords };
  }

  /** @internal bookkeeping of the named caches. */
  resized(deltaBytes: number): void {
    this.totalBytes += deltaBytes;
  }

  /** @internal */
  counted(flushed: number, evicted: number): void {
    this.flushedRecords += flushed;
    this.evictedRecords += evicted;
  }

  /** @internal */
  overBudget(): boolean {
    return this.totalBytes > this.maxBytes;
  }

  /** @internal */
  removed(cache: NamedCache): void {
    this.caches.delete(cache);
  }
}

/** One store's share of the record cache. Not thread-safe and not re-entrant per store: flushes run one at a time. */
export class NamedCache {
  /** In least-recently-used order: a read or write moves the key to the end. */
  private readonly entries = new Map<string, Entry>();
  /** Dirty keys in the order they were last written since the last flush (Java: remove, then add). */
  private readonly dirty = new Set<string>();
  /** With `groupOf`: the keys of each group's entries. */
  private readonly groups: Map<string, Set<string>> | undefined;
  private flushing = false;
  private closed = false;

  constructor(
    readonly name: string,
    private readonly owner: RecordCache,
    private readonly flushListener: (entries: ReadonlyArray<DirtyEntry>) => void,
    private readonly groupOf?: (key: Buffer) => Buffer,
  ) {
    this.groups = groupOf ? new Map() : undefined;
  }

  get size(): number {
    return this.entries.size;
  }

  get dirtyCount(): number {
    return this.dirty.size;
  }

  /** The cached entry of `key`: `{ value: null }` for a cached delete, undefined when the key is not cached. */
  get(key: Buffer): { readonly value: Buffer | null } | undefined {
    const id = mapKey(key);
    const entry = this.entries.get(id);
    if (entry === undefined) return undefined;
    this.entries.delete(id);
    this.entries.set(id, entry);
    return entry;
  }

  /** Records the key's latest value as dirty, then evicts least recently used entries while over the budget. */
  put(key: Buffer, value: Buffer | null, context: CachedRecordContext): void {
    if (this.closed) throw new Error(`the record cache of store ${this.name} is closed`);
    const id = mapKey(key);
    const previous = this.entries.get(id);
    const sizeBytes = entrySize(key, value, context);
    if (previous !== undefined) {
      this.entries.delete(id);
      this.owner.resized(sizeBytes - previous.sizeBytes);
    } else {
      this.owner.resized(sizeBytes);
      this.addToGroup(key, id);
    }
    this.entries.set(id, { key, value, context, dirty: true, sizeBytes });
    this.dirty.delete(id);
    this.dirty.add(id);
    this.evictWhileOverBudget();
  }

  /** The cached entries of one group (see `groupOf`), deletes included, in no particular order. */
  group(groupKey: Buffer): Array<{ readonly key: Buffer; readonly value: Buffer | null }> {
    if (!this.groups) throw new Error(`the record cache of store ${this.name} has no groups`);
    const ids = this.groups.get(mapKey(groupKey));
    if (ids === undefined) return [];
    return [...ids].map((id) => this.entries.get(id)!);
  }

  /** Every cached entry, deletes included, in no particular order. */
  all(): Array<{ readonly key: Buffer; readonly value: Buffer | null }> {
    return [...this.entries.values()];
  }

  /** Cached entries with from <= key <= to (either bound optional), in key order, deletes included. */
  range(from?: Buffer, to?: Buffer): Array<{ readonly key: Buffer; readonly value: Buffer | null }> {
    const found: Array<{ key: Buffer; value: Buffer | null }> = [];
    for (const entry of this.entries.values()) {
      if (from !== undefined && Buffer.compare(entry.key, from) < 0) continue;
      if (to !== undefined && Buffer.compare(entry.key, to) > 0) continue;
      found.push({ key: entry.key, value: entry.value });
    }
    return found.sort((a, b) => Buffer.compare(a.key, b.key));
  }

  /**
   * Hands every dirty entry to the flush listener, in the order they were last written; they stay cached, clean,
   * but for deletes, which are dropped.
   */
  flush(): void {
    this.flushStartingWith(undefined);
  }

  /** `first`: an entry being evicted, handed over before the others (as Java). */
  private flushStartingWith(first: string | undefined): void {
    if (this.flushing || this.dirty.size === 0) return;
    this.flushing = true;
    try {
      const batch: DirtyEntry[] = [];
      const order = first !== undefined && this.dirty.has(first) ? [first, ...this.dirty] : this.dirty;
      const flushed = new Set<string>();
      for (const id of order) {
        if (flushed.has(id)) continue;
        flushed.add(id);
        const entry = this.entries.get(id)!;
        entry.dirty = false;
        batch.push({ key: entry.key, value: entry.value, context: entry.context! });
        // A clean entry keeps no record context: only a dirty one is forwarded with it.
        const sizeBytes = entrySize(entry.key, entry.value, undefined);
        this.owner.resized(sizeBytes - entry.sizeBytes);
        entry.sizeBytes = sizeBytes;
        entry.context = undefined;
      }
      this.dirty.clear();
      this.owner.counted(batch.length, 0);
      this.flushListener(batch);
      for (const id of flushed) {
        const entry = this.entries.get(id);
        // Written again by what the flush forwarded (no DSL topology does): still dirty, kept.
        if (entry !== undefined && !entry.dirty && entry.value === null) this.drop(id, entry);
      }
    } finally {
      this.flushing = false;
    }
  }

  /** Drops every entry without writing the dirty ones (a task closed dirty, or closed after its last commit). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const entry of this.entries.values()) this.owner.resized(-entry.sizeBytes);
    this.entries.clear();
    this.dirty.clear();
    this.groups?.clear();
    this.owner.removed(this);
  }

  /**
   * Java evicts from the cache being written only, so that what an eviction forwards runs in the task that wrote
   * it: a store whose dirty entry must go writes all its dirty entries first, then drops the entry.
   */
  private evictWhileOverBudget(): void {
    while (this.owner.overBudget() && this.entries.size > 0) {
      const [id, eldest] = this.entries.entries().next().value as [string, Entry];
      if (eldest.dirty) {
        if (this.flushing) return; // evicting during this store's own flush: the flush writes it anyway
        this.flushStartingWith(id);
      }
      // What the flush forwarded may have written this store again (no DSL topology does): stay safe.
      const current = this.entries.get(id);
      if (current === undefined) continue;
      if (current.dirty) return;
      this.drop(id, current);
      this.owner.counted(0, 1);
    }
  }

  private drop(id: string, entry: Entry): void {
    this.entries.delete(id);
    this.owner.resized(-entry.sizeBytes);
    if (!this.groups) return;
    const groupId = mapKey(this.groupOf!(entry.key));
    const ids = this.groups.get(groupId);
    ids?.delete(id);
    if (ids?.size === 0) this.groups.delete(groupId);
  }

  private addToGroup(key: Buffer, id: string): void {
    if (!this.groups) return;
    const groupId = mapKey(this.groupOf!(key));
    let ids = this.groups.get(groupId);
    if (ids === undefined) this.groups.set(groupId, (ids = new Set()));
    ids.add(id);
  }
}
