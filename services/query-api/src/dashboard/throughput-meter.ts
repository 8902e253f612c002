import type { InstanceView } from './instance-directory.js';

/** One point of the throughput chart: rates since the previous point. */
export interface ThroughputPoint {
  /** Epoch milliseconds. */
  readonly t: number;
  /** Words counted per second (records processed by the counting sub-topology, summed over instances); null when no instance answered. */
  readonly wordsIn: number | null;
  /** Count updates per second reaching this service (records of the word-counts topic). */
  readonly countsOut: number;
  /** End-to-end latency of those updates (arrival here − record timestamp), median and 99th percentile; null without updates. */
  readonly latencyP50Ms: number | null;
  readonly latencyP99Ms: number | null;
}

/** At most this many latencies are kept between two points (a uniform sample of them beyond it). */
const LATENCY_SAMPLE_SIZE = 4_096;

function quantile(sorted: ReadonlyArray<number>, q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/**
 * Turns the instances' cumulative task counters and the count updates seen here into rates, one point per
 * `tick`, keeping `historyMs` of them. A task's counter restarts when it moves to another instance: only growth
 * of a counter seen in the previous tick is counted, so a move never shows as a burst or a negative rate.
 */
export class ThroughputMeter {
  private readonly history: ThroughputPoint[] = [];
  private previousCounters = new Map<string, number>();
  private previousTickMs: number | undefined;
  private changes = 0;
  private changesSeen = 0;
  private latencies: number[] = [];

  constructor(private readonly historyMs: number) {}

  /** One count update with its record timestamp, arriving at `arrivalMs`. */
  recordChange(timestampMs: number, arrivalMs: number): void {
    this.changes += 1;
    this.changesSeen += 1;
    const latency = Math.max(0, arrivalMs - timestampMs);
    if (this.latencies.length < LATENCY_SAMPLE_SIZE) this.latencies.push(latency);
    else {
      // Reservoir sampling: every update has the same chance to be in the sample.
      const slot = Math.floor(Math.random() * this.changesSeen);
      if (slot < LATENCY_SAMPLE_SIZE) this.latencies[slot] = latency;
    }
  }

  /** Closes a point at `nowMs` from the instances as just asked; `subtopology` is the one that counts words. */
  tick(nowMs: number, instances: ReadonlyArray<InstanceView>, subtopology: number | undefined): ThroughputPoint {
    const counters = new Map<string, number>();
    let processed = 0;
    for (const instance of instances) {
      for (const task of instance.tasks) {
        if (task.role !== 'active' || task.subtopology !== subtopology) continue;
        const key = `${instance.key}/${task.id}`;
        counters.set(key, task.processed);
        const before = this.previousCounters.get(key);
        if (before !== undefined && task.processed >= before) processed += task.processed - before;
      }
    }
    const anyUp = instances.some((instance) => instance.status === 'up');
    const seconds = this.previousTickMs === undefined ? undefined : (nowMs - this.previousTickMs) / 1000;
    const sorted = this.latencies.sort((a, b) => a - b);
    const point: ThroughputPoint = {
      t: nowMs,
      wordsIn: anyUp && seconds && subtopology !== undefined ? processed / seconds : null,
      countsOut: seconds ? this.changes / seconds : 0,
      latencyP50Ms: quantile(sorted, 0.5),
      latencyP99Ms: quantile(sorted, 0.99),
    };
    this.previousCounters = counters;
    this.previousTickMs = nowMs;
    this.changes = 0;
    this.changesSeen = 0;
    this.latencies = [];
    this.history.push(point);
    while (this.history.length > 0 && this.history[0]!.t <= nowMs - this.historyMs) this.history.shift();
    return point;
  }

  points(): ReadonlyArray<ThroughputPoint> {
    return this.history;
  }
}
