// Percentiles of measured durations, and of the bucketed histograms a library reports about itself.

export interface Percentiles {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** Nearest-rank percentiles of `values` (sorted here); undefined when there are none. */
export function percentiles(values: ReadonlyArray<number>): Percentiles | undefined {
  if (values.length === 0) return undefined;
  const sorted = Float64Array.from(values).sort();
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return { count: sorted.length, p50: rank(50), p95: rank(95), p99: rank(99), max: sorted[sorted.length - 1]! };
}

/** A cumulative histogram: how many observations took at most `leMs` (the last bound is Infinity). */
export interface CumulativeBuckets {
  readonly count: number;
  readonly sumMs: number;
  readonly buckets: ReadonlyArray<{ readonly leMs: number; readonly count: number }>;
}

/** The upper bound of the bucket holding the q-quantile (0 < q <= 1): "at most this many ms". */
export function bucketQuantile(histogram: CumulativeBuckets, q: number): number | undefined {
  if (histogram.count === 0) return undefined;
  return histogram.buckets.find((bucket) => bucket.count >= q * histogram.count)?.leMs;
}
