// The cached layer of a key-value store (Java: CachingKeyValueStore), between the typed store and the logged one:
// writes stay in the task's record cache until it is flushed (commit) or the entry is evicted; then the latest
// value per key goes to the store and its changelog and, through the flush listener, downstream. Reads and scans
// see the cache first, so processors, punctuators and interactive queries read what was written.
import type { BytesKeyValueStore, KeyValue } from '../../state/store.js';
import { CachingLayer } from './caching-layer.js';
import type { DirtyEntry } from './record-cache.js';
import type { TaskRecordCache } from './task-record-cache.js';

export class CachingKeyValueStore extends CachingLayer<BytesKeyValueStore> implements BytesKeyValueStore {
  /** Per dirty key: whether the store held it at the last flush (what the key changes in the entry count). */
  private readonly storedBefore = new Map<string, boolean>();
  /** Keys the dirty entries add to the store's count (negative: deletes of stored keys). */
  private pendingEntries = 0;

  constructor(inner: BytesKeyValueStore, scope: TaskRecordCache) {
    super(inner, scope);
  }

  get(key: Buffer): Buffer | undefined {
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached.value ?? undefined;
    return this.inner.get(key);
  }

  put(key: Buffer, value: Buffer | null): void {
    this.countPending(key, value);
    this.cache.put(key, value, this.scope.captureRecordContext());
  }

  /** Keeps `approximateNumEntries` right while new keys wait in the cache (a clean cached entry is the store's). */
  private countPending(key: Buffer, value: Buffer | null): void {
    const id = key.toString('latin1');
    const cached = this.cache.get(key);
    const stored = this.storedBefore.get(id);
    if (stored === undefined) {
      const inStore = cached !== undefined ? cached.value !== null : this.inner.get(key) !== undefined;
      this.storedBefore.set(id, inStore);
      this.pendingEntries += (value !== null ? 1 : 0) - (inStore ? 1 : 0);
    } else {
      this.pendingEntries += (value !== null ? 1 : 0) - (cached?.value != null ? 1 : 0);
    }
  }

  /** The store's entries overlaid with the cached ones (a cached delete hides the key), in key order. */
  async *range(from?: Buffer, to?: Buffer): AsyncIterable<KeyValue<Buffer, Buffer>> {
    const cached = this.cache.range(from, to);
    let next = 0;
    for await (const stored of this.inner.range(from, to)) {
      while (next < cached.length && Buffer.compare(cached[next]!.key, stored.key) < 0) {
        const { key, value } = cached[next++]!;
        if (value !== null) yield { key, value };
      }
      if (next < cached.length && Buffer.compare(cached[next]!.key, stored.key) === 0) {
        const { key, value } = cached[next++]!;
        if (value !== null) yield { key, value };
        continue;
      }
      yield stored;
    }
    for (; next < cached.length; next++) {
      const { key, value } = cached[next]!;
      if (value !== null) yield { key, value };
    }
  }

  /** The store's count, with the keys the dirty entries add or delete. */
  approximateNumEntries(): number {
    return this.inner.approximateNumEntries() + this.pendingEntries;
  }

  override close(): Promise<void> {
    this.storedBefore.clear();
    this.pendingEntries = 0;
    return super.close();
  }

  protected override write(entries: ReadonlyArray<DirtyEntry>): void {
    // Every dirty entry is written now: the store's own count takes them over.
    this.storedBefore.clear();
    this.pendingEntries = 0;
    super.write(entries);
  }

  protected storedValue(key: Buffer): Buffer | undefined {
    return this.inner.get(key);
  }

  protected writeToStore(key: Buffer, value: Buffer | null): void {
    this.inner.put(key, value);
  }
}
