// The cached layer of a window store (Java: CachingWindowStore), between the typed store and the store itself (which
// logs its changes): a window's updates stay in the task's record cache until it is flushed (a commit, an eviction),
// then its latest value goes to the store, its changelog and, through the flush listener, downstream with the
// store's value before as the old value. Cache keys are the changelog's window keys, <key><start: int64 BE>, grouped
// by <key> so that one key's windows are read without scanning the others. Reads merge the cached windows into the
// store's, in the store's order; windows the cache holds are answered even after the store expired them, as in Java.
import type { StoreIterator } from '../../state/store.js';
import { mergeCached, type CachedItem } from './cached-merge.js';
import { CachingLayer } from './caching-layer.js';
import { drain } from './store-iterator.js';
import type { TaskRecordCache } from './task-record-cache.js';
import {
  parseWindowEntryKey,
  windowEntryKey,
  type BytesWindowStore,
  type WindowBytesStore,
  type WindowEntry,
} from './window-store.js';

const DELETED = Buffer.alloc(0);

const byStart = (a: WindowEntry, b: WindowEntry): number => a.startMs - b.startMs;
const byKeyThenStart = (a: WindowEntry, b: WindowEntry): number =>
  Buffer.compare(a.key, b.key) || a.startMs - b.startMs;
const byStartThenKey = (a: WindowEntry, b: WindowEntry): number =>
  a.startMs - b.startMs || Buffer.compare(a.key, b.key);

export class CachingWindowStore extends CachingLayer<BytesWindowStore> implements WindowBytesStore {
  constructor(inner: BytesWindowStore, scope: TaskRecordCache) {
    super(inner, scope, (entryKey) => parseWindowEntryKey(entryKey).key);
  }

  put(key: Buffer, startMs: number, value: Buffer | null): void {
    this.cache.put(windowEntryKey(key, startMs), value, this.scope.captureRecordContext());
  }

  fetch(key: Buffer, startMs: number): Buffer | undefined {
    const cached = this.cache.get(windowEntryKey(key, startMs));
    if (cached !== undefined) return cached.value ?? undefined;
    return this.inner.fetch(key, startMs);
  }

  fetchRange(key: Buffer, fromMs: number, toMs: number, storeFromMs = fromMs): WindowEntry[] {
    const cached = this.cachedWindows(this.cache.group(key), fromMs, toMs);
    const stored = this.inner.iterateRange(key, Math.max(fromMs, storeFromMs), toMs);
    return drain(mergeCached(cached, stored, byStart));
  }

  fetchAll(fromMs = Number.NEGATIVE_INFINITY, toMs = Number.POSITIVE_INFINITY, storeFromMs = fromMs): WindowEntry[] {
    const cached = this.cachedWindows(this.cache.all(), fromMs, toMs);
    const stored = this.inner.iterateAll(Math.max(fromMs, storeFromMs), toMs);
    return drain(mergeCached(cached, stored, byKeyThenStart));
  }

  iterateAll(fromMs = Number.NEGATIVE_INFINITY, toMs = Number.POSITIVE_INFINITY): StoreIterator<WindowEntry> {
    return mergeCached(
      this.cachedWindows(this.cache.all(), fromMs, toMs),
      this.inner.iterateAll(fromMs, toMs),
      byKeyThenStart,
    );
  }

  iterateByTime(fromMs: number, toMs: number): StoreIterator<WindowEntry> {
    const cached = this.cachedWindows(this.cache.all(), fromMs, toMs);
    return mergeCached(cached, this.inner.iterateByTime(fromMs, toMs), byStartThenKey);
  }

  /** The store's count: windows waiting in the cache are counted once flushed. */
  approximateNumEntries(): number {
    return this.inner.approximateNumEntries();
  }

  private cachedWindows(
    entries: ReadonlyArray<{ readonly key: Buffer; readonly value: Buffer | null }>,
    fromMs: number,
    toMs: number,
  ): Array<CachedItem<WindowEntry>> {
    const found: Array<CachedItem<WindowEntry>> = [];
    for (const entry of entries) {
      const { key, startMs } = parseWindowEntryKey(entry.key);
      if (startMs < fromMs || startMs > toMs) continue;
      found.push({ item: { key, startMs, value: entry.value ?? DELETED }, value: entry.value });
    }
    return found;
  }

  protected storedValue(entryKey: Buffer): Buffer | undefined {
    const { key, startMs } = parseWindowEntryKey(entryKey);
    return this.inner.fetch(key, startMs);
  }

  protected writeToStore(entryKey: Buffer, value: Buffer | null): void {
    const { key, startMs } = parseWindowEntryKey(entryKey);
    this.inner.put(key, startMs, value);
  }
}
