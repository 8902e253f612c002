// One task's part of the record cache: the named caches of its stores, flushed together at every commit in the
// order the stores were registered (upstream stores first, so what they forward into a downstream cached store is
// flushed by the same pass), and the task that tells which record each cached write comes from.
import type { RecordCacheScope } from '../../state/stores.js';
import type { CachedRecordContext, DirtyEntry, NamedCache, RecordCache } from './record-cache.js';

/** What the task running the stores provides: the record being processed, and a way to forward as another one. */
export interface RecordContextHost {
  captureRecordContext(): CachedRecordContext;
  /** Runs `run` as if the record `context` describes were being processed (forwarded records carry it). */
  runInRecordContext(context: CachedRecordContext, run: () => void): void;
}

/** What a task does with its record cache: tell it which record is being processed, and flush it. */
export interface TaskCacheHandle {
  bind(host: RecordContextHost): void;
  flush(): void;
}

/** A flush that writes into another cached store of the task leaves it dirty; a few more passes settle it. */
const MAX_FLUSH_PASSES = 8;

export class TaskRecordCache implements RecordCacheScope, TaskCacheHandle {
  private host: RecordContextHost | undefined;
  private caches: NamedCache[] = [];

  constructor(
    private readonly cache: RecordCache,
    readonly taskId: string,
  ) {}

  /** As Java, a cache of 0 bytes turns caching off altogether: stores are built without a caching layer. */
  get enabled(): boolean {
    return this.cache.maxBytes > 0;
  }

  /** The task, once it exists (stores are built and restored before it). */
  bind(host: RecordContextHost): void {
    this.host = host;
  }

  /** A store's named cache (see RecordCache.namedCache). */
  namedCache(
    storeName: string,
    flushListener: (entries: ReadonlyArray<DirtyEntry>) => void,
    groupOf?: (key: Buffer) => Buffer,
  ): NamedCache {
    const named = this.cache.namedCache(`${this.taskId}/${storeName}`, flushListener, groupOf);
    this.caches.push(named);
    return named;
  }

  captureRecordContext(): CachedRecordContext {
    if (!this.host) throw new Error(`task ${this.taskId}: a cached store was written outside of its task`);
    return this.host.captureRecordContext();
  }

  runInRecordContext(context: CachedRecordContext, run: () => void): void {
    if (this.host) this.host.runInRecordContext(context, run);
    else run();
  }

  /** Writes every dirty entry of the task's stores (to the stores, their changelogs and downstream). */
  flush(): void {
    for (let pass = 0; pass < MAX_FLUSH_PASSES; pass++) {
      for (const named of this.caches) named.flush();
      if (this.caches.every((named) => named.dirtyCount === 0)) return;
    }
  }

  /** Drops the task's entries, dirty ones included (they were flushed by the last commit, or must not be). */
  close(): void {
    for (const named of this.caches) named.close();
    this.caches = [];
  }
}
