// What the three cached stores (Java: CachingKeyValueStore, CachingWindowStore, CachingSessionStore) share: the
// task's named cache in front of the store, the flush listener a processor registers, and the flush itself — each
// dirty entry goes to the store in the record context of the update that last wrote it and, when a listener is
// registered, downstream with the store's value before. Each store adds only its key layout and its reads.
import type { CacheFlushListener, FlushListenerHost } from './cache-flush-listener.js';
import type { DirtyEntry, NamedCache } from './record-cache.js';
import type { TaskRecordCache } from './task-record-cache.js';
import type { StateStore } from '../../state/store.js';
import { WrappedStore } from './wrapped-store.js';

interface RegisteredListener {
  readonly apply: CacheFlushListener<Buffer, Buffer>;
  readonly sendOldValues: () => boolean;
}

export abstract class CachingLayer<Inner extends StateStore>
  extends WrappedStore<Inner>
  implements FlushListenerHost<Buffer, Buffer>
{
  protected readonly cache: NamedCache;
  private listener: RegisteredListener | undefined;

  /** `groupOf` maps a cache key to the key whose entries are read together (a window's or session's record key). */
  constructor(
    inner: Inner,
    protected readonly scope: TaskRecordCache,
    groupOf?: (cacheKey: Buffer) => Buffer,
  ) {
    super(inner);
    this.cache = scope.namedCache(inner.name, (entries) => this.write(entries), groupOf);
  }

  /** The listener gets each flushed entry keyed by its cache key (the changelog's key). */
  setFlushListener(listener: CacheFlushListener<Buffer, Buffer>, sendOldValues: () => boolean): boolean {
    this.listener = { apply: listener, sendOldValues };
    return true;
  }

  // flush() makes what the store holds durable; the cache itself is flushed by the task's commit, which forwards.

  override close(): Promise<void> {
    this.cache.close();
    return this.inner.close();
  }

  /** The store's value under a cache key, before the flush writes it. */
  protected abstract storedValue(cacheKey: Buffer): Buffer | undefined;
  /** Writes one flushed entry to the store (and so to its changelog). */
  protected abstract writeToStore(cacheKey: Buffer, value: Buffer | null): void;

  protected write(entries: ReadonlyArray<DirtyEntry>): void {
    const listener = this.listener;
    for (const entry of entries) {
      if (listener === undefined) {
        // Nothing forwards from this store (e.g. emit-on-window-close): the update only reaches the store.
        this.scope.runInRecordContext(entry.context, () => this.writeToStore(entry.key, entry.value));
        continue;
      }
      const sendOldValues = listener.sendOldValues();
      const oldValue = entry.value === null || sendOldValues ? (this.storedValue(entry.key) ?? null) : null;
      // Written and deleted between two flushes, never in the store: nothing to write, nothing to forward.
      if (entry.value === null && oldValue === null) continue;
      this.scope.runInRecordContext(entry.context, () => {
        this.writeToStore(entry.key, entry.value);
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
