// Durations counted into fixed buckets, cheaply enough to time every record; `KafkaStreams.metrics()` reports the
// snapshots, which the Prometheus collector exports as histograms.
import type { LatencySnapshot } from '../../../runtime/metrics.js';

/** From 10 µs to 1 s: processing one record. */
export const PROCESS_LATENCY_BUCKETS_MS: ReadonlyArray<number> = [
  0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 1000,
];

/** From 1 ms to 30 s: a commit (flushing output, stores and offsets, or a transaction). */
export const COMMIT_LATENCY_BUCKETS_MS: ReadonlyArray<number> = [
  1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000,
];

export class LatencyHistogram {
  private readonly bounds: ReadonlyArray<number>;
  /** Per bucket, not cumulative; the last one is +Inf. */
  private readonly counts: number[];
  private count = 0;
  private sumMs = 0;

  constructor(boundsMs: ReadonlyArray<number>) {
    if (boundsMs.some((bound, i) => !(bound > (boundsMs[i - 1] ?? 0)) || !Number.isFinite(bound))) {
      throw new Error(`histogram bounds must be finite, positive and increasing: ${boundsMs.join(', ')}`);
    }
    this.bounds = [...boundsMs, Number.POSITIVE_INFINITY];
    this.counts = this.bounds.map(() => 0);
  }

  record(durationMs: number): void {
    let bucket = 0;
    while (durationMs > this.bounds[bucket]!) bucket++;
    this.counts[bucket]!++;
    this.count++;
    this.sumMs += durationMs;
  }

  /** Times the asynchronous `work` and records how long it took, also when it fails. */
  async time<T>(work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.record(performance.now() - started);
    }
  }

  snapshot(): LatencySnapshot {
    let cumulative = 0;
    const buckets = this.bounds.map((leMs, i) => ({ leMs, count: (cumulative += this.counts[i]!) }));
    return { count: this.count, sumMs: this.sumMs, buckets };
  }
}
