// Every write to a logged store is also sent to the store's changelog topic, to the task's own partition,
// so that another instance (or this one, after losing its disk) can rebuild the store by replaying it.
import type { BytesKeyValueStore, KeyValue } from '../../state/store.js';
import { WrappedStore } from './wrapped-store.js';

/** Where a logged store sends its changes; the task supplies it (its partition, its record collector). */
export interface ChangelogSink {
  /** `timestamp`: the changelog record's timestamp when the store decides it (versioned stores), else the task's. */
  send(key: Buffer, value: Buffer | null, timestamp?: number): void;
}

/** A byte store that may apply a restored record more cheaply than a put (LevelDB: no read of the key). */
type RestorableKeyValueStore = BytesKeyValueStore & { restore?(key: Buffer, value: Buffer | null): void };

/** Wraps a byte store: writes go to the store and to the changelog. Restores bypass the changelog. */
export class ChangeLoggingKeyValueStore extends WrappedStore<RestorableKeyValueStore> implements BytesKeyValueStore {
  constructor(
    inner: RestorableKeyValueStore,
    private readonly changelog: ChangelogSink,
  ) {
    super(inner);
  }

  get(key: Buffer): Buffer | undefined {
    return this.inner.get(key);
  }
  put(key: Buffer, value: Buffer | null): void {
    this.inner.put(key, value);
    this.changelog.send(key, value);
  }
  range(from?: Buffer, to?: Buffer): AsyncIterable<KeyValue<Buffer, Buffer>> {
    return this.inner.range(from, to);
  }
  approximateNumEntries(): number {
    return this.inner.approximateNumEntries();
  }
  /** Applies a changelog record during restore, without logging it again. */
  restore(key: Buffer, value: Buffer | null): void {
    if (this.inner.restore) this.inner.restore(key, value);
    else this.inner.put(key, value);
  }
}
