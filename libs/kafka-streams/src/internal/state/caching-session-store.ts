// The cached layer of a session store (Java: CachingSessionStore), as caching-window-store.ts for windows: a
// session's updates (and its removal, a cached delete) stay in the task's record cache until it is flushed, then go
// to the store, its changelog and, through the flush listener, downstream with the store's value before as the old
// value; a session created and merged away between two flushes never leaves. Cache keys are the changelog's session
// keys, <key><end: int64 BE><start: int64 BE>, grouped by <key>. Reads merge the cached sessions into the store's, in
// the store's order; sessions the cache holds are answered even after the store expired them, as in Java.
import type { StoreIterator } from '../../state/store.js';
import { mergeCached, type CachedItem } from './cached-merge.js';
import { CachingLayer } from './caching-layer.js';
import {
  parseSessionEntryKey,
  sessionEntryKey,
  type BytesSessionStore,
  type SessionBytesStore,
  type SessionEntry,
} from './session-store.js';
import { drain, storeIterator } from './store-iterator.js';
import type { TaskRecordCache } from './task-record-cache.js';

const DELETED = Buffer.alloc(0);

const byStartThenEnd = (a: SessionEntry, b: SessionEntry): number => a.startMs - b.startMs || a.endMs - b.endMs;
const byKeyEndStart = (a: SessionEntry, b: SessionEntry): number =>
  Buffer.compare(a.key, b.key) || a.endMs - b.endMs || a.startMs - b.startMs;
const byEndKeyStart = (a: SessionEntry, b: SessionEntry): number =>
  a.endMs - b.endMs || Buffer.compare(a.key, b.key) || a.startMs - b.startMs;

export class CachingSessionStore extends CachingLayer<BytesSessionStore> implements SessionBytesStore {
  constructor(inner: BytesSessionStore, scope: TaskRecordCache) {
    super(inner, scope, (entryKey) => parseSessionEntryKey(entryKey).key);
  }

  put(key: Buffer, startMs: number, endMs: number, value: Buffer | null): void {
    this.cache.put(sessionEntryKey(key, startMs, endMs), value, this.scope.captureRecordContext());
  }

  remove(key: Buffer, startMs: number, endMs: number): void {
    this.put(key, startMs, endMs, null);
  }

  fetchSession(key: Buffer, startMs: number, endMs: number): Buffer | undefined {
    const cached = this.cache.get(sessionEntryKey(key, startMs, endMs));
    if (cached !== undefined) return cached.value ?? undefined;
    return this.inner.fetchSession(key, startMs, endMs);
  }

  findSessions(
    key: Buffer,
    earliestEndMs: number,
    latestStartMs: number,
    storeEarliestEndMs = earliestEndMs,
  ): SessionEntry[] {
    const cached = this.cachedSessions(
      this.cache.group(key),
      (s) => s.endMs >= earliestEndMs && s.startMs <= latestStartMs,
    );
    const stored = this.inner.findSessions(key, earliestEndMs, latestStartMs, storeEarliestEndMs);
    const storedIterator = storeIterator(
      (function* () {
        yield* stored;
      })(),
    );
    return drain(mergeCached(cached, storedIterator, byStartThenEnd));
  }

  fetchAll(): SessionEntry[] {
    return drain(this.iterateAll());
  }

  iterateAll(): StoreIterator<SessionEntry> {
    return mergeCached(
      this.cachedSessions(this.cache.all(), () => true),
      this.inner.iterateAll(),
      byKeyEndStart,
    );
  }

  iterateByEnd(fromMs: number, toMs: number): StoreIterator<SessionEntry> {
    const cached = this.cachedSessions(this.cache.all(), (s) => s.endMs >= fromMs && s.endMs <= toMs);
    return mergeCached(cached, this.inner.iterateByEnd(fromMs, toMs), byEndKeyStart);
  }

  /** The store's count: sessions waiting in the cache are counted once flushed. */
  approximateNumEntries(): number {
    return this.inner.approximateNumEntries();
  }

  private cachedSessions(
    entries: ReadonlyArray<{ readonly key: Buffer; readonly value: Buffer | null }>,
    wanted: (session: { readonly startMs: number; readonly endMs: number }) => boolean,
  ): Array<CachedItem<SessionEntry>> {
    const found: Array<CachedItem<SessionEntry>> = [];
    for (const entry of entries) {
      const session = parseSessionEntryKey(entry.key);
      if (!wanted(session)) continue;
      found.push({ item: { ...session, value: entry.value ?? DELETED }, value: entry.value });
    }
    return found;
  }

  protected storedValue(entryKey: Buffer): Buffer | undefined {
    const { key, startMs, endMs } = parseSessionEntryKey(entryKey);
    return this.inner.fetchSession(key, startMs, endMs);
  }

  protected writeToStore(entryKey: Buffer, value: Buffer | null): void {
    const { key, startMs, endMs } = parseSessionEntryKey(entryKey);
    this.inner.put(key, startMs, endMs, value);
  }
}
