// The cached layer of a window store (Java: CachingWindowStore), between the typed store and the store itself (which
// logs its changes): a window's updates stay in the task's record cache until it is flushed (a commit, an eviction),
// then its latest value goes to the store, its changelog and, through the flush listener, downstream with the
// store's value before as the old value. Cache keys are the changelog's window keys, <key><start: int64 BE>, grouped
// by <key> so that one key's windows are read without scanning the others. Reads merge the cached windows into the
// store's, in the store's order; windows the cache holds are answered even after the store expired them, as in Java.
import type { StoreIterator } from '../../state/store.js';
import type { CacheFlushListener, FlushListenerHost } from './cache-flush-listener.js';
import { mergeCached, type CachedItem } from './cached-merge.js';
import type { DirtyEntry, NamedCache } from './record-cache.js';
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

export class CachingWindowStore implements WindowBytesStore, FlushListenerHost<Buffer, Buffer> {
  private readonly cache: NamedCache;
  private listener: { apply: CacheFlushListener<Buffer, Buffer>; sendOldValues: () => boolean } | undefined;

  constructor(
    private readonly inner: BytesWindowStore,
    private readonly scope: TaskRecordCache,
  ) {
    this.cache = scope.namedCache(
      inner.name,
      (entries) => this.write(entries),
      (entryKey) => parseWindowEntryKey(entryKey).key,
    );
  }

  get name(): string {
    return this.inner.name;
  }
  get persistent(): boolean {
    return this.inner.persistent;
  }
  open(): Promise<void> {
    return this.inner.open();
  }
  isOpen(): boolean {
    return this.inner.isOpen();
  }

  /** The listener gets each flushed window keyed by its changelog key (<key><start>). */
  setFlushListener(listener: CacheFlushListener<Buffer, Buffer>, sendOldValues: () => boolean): boolean {
    this.listener = { apply: listener, sendOldValues };
    return true;
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

  /** Makes what the store holds durable; the cache itself is flushed by the task's commit, which forwards. */
  flush(): Promise<void> {
    return this.inner.flush();
  }

  close(): Promise<void> {
    this.cache.close();
    return this.inner.close();
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

  private write(entries: ReadonlyArray<DirtyEntry>): void {
    const listener = this.listener;
    for (const entry of entries) {
      const { key, startMs } = parseWindowEntryKey(entry.key);
      if (listener === undefined) {
        // Nothing forwards from this store (emit-on-window-close): the window only reaches the store.
        this.scope.runInRecordContext(entry.context, () => this.inner.put(key, startMs, entry.value));
        continue;
      }
      const sendOldValues = listener.sendOldValues();
      const oldValue = entry.value === null || sendOldValues ? (this.inner.fetch(key, startMs) ?? null) : null;
      // Written and deleted between two flushes, never in the store: nothing to write, nothing to forward.
      if (entry.value === null && oldValue === null) continue;
      this.scope.runInRecordContext(entry.context, () => {
        this.inner.put(key, startMs, entry.value);
        listener.apply({
          key: entry.key,
          newValue: entry.value,
          oldValue: sendOldValues ? oldValue : null,
          timestamp: entry.context.timestamp,
          headers: entry.context.headers,
        });
      });
    }
  }
}
