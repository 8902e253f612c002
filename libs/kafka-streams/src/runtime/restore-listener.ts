// Java's StateRestoreListener, and the restore counters `KafkaStreams.metrics()` reports.
import type { StoreRestoreMetrics } from './metrics.js';

/** Told about every changelog partition a store is restored from (offsets: [startOffset, endOffset)). */
export interface StateRestoreListener {
  onRestoreStart(storeName: string, partition: number, startOffset: bigint, endOffset: bigint): void;
  /** After each applied batch; `batchEndOffset` is the offset of its last record. */
  onBatchRestored(storeName: string, partition: number, batchEndOffset: bigint, count: number): void;
  onRestoreEnd(storeName: string, partition: number, totalRestored: number): void;
}

export class RestoreMetrics {
  private readonly byStore = new Map<
    string,
    { recordsRestored: number; restoresCompleted: number; restoreTimeMs: number }
  >();

  private entry(store: string) {
    let entry = this.byStore.get(store);
    if (!entry) this.byStore.set(store, (entry = { recordsRestored: 0, restoresCompleted: 0, restoreTimeMs: 0 }));
    return entry;
  }

  recordBatch(store: string, count: number): void {
    this.entry(store).recordsRestored += count;
  }

  recordEnd(store: string, elapsedMs: number): void {
    const entry = this.entry(store);
    entry.restoresCompleted++;
    entry.restoreTimeMs += elapsedMs;
  }

  snapshot(): Record<string, StoreRestoreMetrics> {
    return Object.fromEntries([...this.byStore].map(([store, entry]) => [store, { ...entry }]));
  }
}
