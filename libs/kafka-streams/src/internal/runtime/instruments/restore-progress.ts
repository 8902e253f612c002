// Restore progress per store and changelog partition, as the restore listener calls tell it: what `KafkaStreams.metrics()`
// reports as `restoreProgress` (records restored and still to restore while a task or global store restores).
import type { StateRestoreListener } from '../../../runtime/restore-listener.js';
import type { StoreRestoreProgress } from '../../../runtime/metrics.js';

interface Progress {
  readonly endOffset: bigint;
  restored: number;
  /** Next offset to apply. */
  position: bigint;
  done: boolean;
}

export class RestoreProgress implements StateRestoreListener {
  private readonly partitions = new Map<string, Progress & { store: string; partition: number }>();

  onRestoreStart(store: string, partition: number, startOffset: bigint, endOffset: bigint): void {
    this.partitions.set(key(store, partition), {
      store,
      partition,
      endOffset,
      restored: 0,
      position: startOffset,
      done: false,
    });
  }

  onBatchRestored(store: string, partition: number, batchEndOffset: bigint, count: number): void {
    const progress = this.partitions.get(key(store, partition));
    if (!progress) return;
    progress.restored += count;
    if (batchEndOffset + 1n > progress.position) progress.position = batchEndOffset + 1n;
  }

  onRestoreEnd(store: string, partition: number, totalRestored: number): void {
    const progress = this.partitions.get(key(store, partition));
    if (!progress) return;
    progress.restored = totalRestored;
    progress.position = progress.endOffset;
    progress.done = true;
  }

  /**
   * Every partition restored or being restored. A restore that stopped unfinished (its task was revoked) reports no
   * end: `stillRestoring` tells whether the restore of an unfinished partition still runs; those that do not are
   * forgotten.
   */
  snapshot(stillRestoring: (store: string, partition: number) => boolean): StoreRestoreProgress[] {
    const result: StoreRestoreProgress[] = [];
    for (const [id, progress] of this.partitions) {
      const { store, partition, endOffset, restored, position, done } = progress;
      if (!done && !stillRestoring(store, partition)) {
        this.partitions.delete(id);
        continue;
      }
      const remaining = endOffset > position ? Number(endOffset - position) : 0;
      result.push({ store, partition, restored, remaining, done });
    }
    return result;
  }
}

const key = (store: string, partition: number): string => `${store}:${partition}`;

/** One listener telling every given listener, in order (the runtime's own first, the application's next). */
export function allRestoreListeners(
  ...listeners: ReadonlyArray<StateRestoreListener | undefined>
): StateRestoreListener {
  const present = listeners.filter((listener) => listener !== undefined);
  return {
    onRestoreStart: (...args) => present.forEach((listener) => listener.onRestoreStart(...args)),
    onBatchRestored: (...args) => present.forEach((listener) => listener.onBatchRestored(...args)),
    onRestoreEnd: (...args) => present.forEach((listener) => listener.onRestoreEnd(...args)),
  };
}
