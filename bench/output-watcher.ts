// Reads both output topics of the word count from the beginning, read_committed (what a downstream consumer
// sees: under exactly-once, output becomes visible when its transaction commits), and notes when each record
// arrived. The harness' clock for throughput and latency, and the material of the verification.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Consumer, Kafka } from 'kafkajs';

export interface OutputRecord {
  readonly word: string;
  /** Window start (windowed output only). */
  readonly window?: number;
  /** NaN when the value is not an 8-byte long. */
  readonly count: number;
  /** The record's timestamp: the input sentence's. */
  readonly timestamp: number;
  /** Wall-clock time its fetch response arrived here. */
  readonly receivedAt: number;
}

const POLL_MS = 20;

export class OutputWatcher {
  /** In arrival order, which is offset order within each partition (and every key lives in one partition). */
  readonly counts: OutputRecord[] = [];
  readonly windowedCounts: OutputRecord[] = [];
  private readonly outputTopic: string;
  private readonly windowedOutputTopic: string;
  private consumer: Consumer | undefined;
  private lastArrival = Date.now();

  private constructor(outputTopic: string, windowedOutputTopic: string) {
    this.outputTopic = outputTopic;
    this.windowedOutputTopic = windowedOutputTopic;
  }

  /** Resolves once the reader has joined its group, so nothing that arrives later is noticed late. */
  static async start(client: Kafka, outputTopic: string, windowedOutputTopic: string): Promise<OutputWatcher> {
    const watcher = new OutputWatcher(outputTopic, windowedOutputTopic);
    const consumer = (watcher.consumer = client.consumer({
      groupId: `${outputTopic}-reader`,
      readUncommitted: false,
      maxWaitTimeInMs: 50,
    }));
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.connect();
    await consumer.subscribe({ topics: [outputTopic, windowedOutputTopic], fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        const receivedAt = Date.now();
        const windowed = batch.topic === watcher.windowedOutputTopic;
        const into = windowed ? watcher.windowedCounts : watcher.counts;
        for (const { key, value, timestamp } of batch.messages) {
          into.push({
            ...(windowed ? windowedKey(key) : { word: key?.toString('utf8') ?? '' }),
            count: value?.length === 8 ? Number(value.readBigInt64BE()) : Number.NaN,
            timestamp: Number(timestamp),
            receivedAt,
          });
        }
        watcher.lastArrival = receivedAt;
      },
    });
    await joined;
    return watcher;
  }

  /**
   * Waits until both outputs hold at least `total` records and resolves when the last of those arrived;
   * rejects after `timeoutMs` or when `abort` settles first (the app died).
   */
  async reached(total: number, timeoutMs: number, abort: Promise<unknown>): Promise<number> {
    let aborted = false;
    void abort.then(() => (aborted = true));
    const deadline = Date.now() + timeoutMs;
    while (this.counts.length < total || this.windowedCounts.length < total) {
      if (aborted) throw new Error(`the app stopped before the output was complete (${this.progress(total)})`);
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${this.progress(total)}`);
      await sleep(POLL_MS);
    }
    return this.arrivedAt(total);
  }

  /** When both outputs held `n` records (n >= 1, and both hold that many). */
  arrivedAt(n: number): number {
    return Math.max(this.counts[n - 1]!.receivedAt, this.windowedCounts[n - 1]!.receivedAt);
  }

  /** Resolves once nothing arrived for `quietMs` (what a stopping app still commits is read meanwhile). */
  async quiet(quietMs: number): Promise<void> {
    this.lastArrival = Math.max(this.lastArrival, Date.now());
    while (Date.now() - this.lastArrival < quietMs) await sleep(POLL_MS);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }

  private progress(total: number): string {
    return `${this.outputTopic}: ${this.counts.length} of ${total} records, ${this.windowedOutputTopic}: ${this.windowedCounts.length}`;
  }
}

/** Java's TimeWindowedSerde: the key's bytes, then the window start as an 8-byte big-endian long. */
function windowedKey(key: Buffer | null): { word: string; window: number } {
  if (!key || key.length < 8) return { word: '', window: Number.NaN };
  return { word: key.subarray(0, key.length - 8).toString('utf8'), window: Number(key.readBigInt64BE(key.length - 8)) };
}
