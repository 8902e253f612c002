// Reads a contender's output topic from the beginning, read_committed (under exactly-once, what a downstream
// consumer sees is what counts), keeping the last count per word: the sum of those is how many input words the
// output accounts for (the progress), and at the end they must equal the reference counts.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Consumer, Kafka } from 'kafkajs';

const POLL_MS = 20;

export class CountReader {
  /** The last count seen per word (output order is offset order, and each word lives in one partition). */
  readonly last = new Map<string, number>();
  /** Sum of `last`: input words the output accounts for so far. */
  words = 0;
  records = 0;
  /** Records that were not their word's previous count + 1 (every update emitted once: none). */
  notNext = 0;
  /** Values that are not 8-byte longs. */
  malformed = 0;
  /** After every fetched batch: when it arrived, and `words` then (the progress curve, exact). */
  readonly progress: Array<{ readonly at: number; readonly words: number }> = [];
  private lastArrival = Date.now();
  private consumer: Consumer | undefined;

  /** Resolves once the reader has joined its group. */
  static async start(client: Kafka, topic: string): Promise<CountReader> {
    const reader = new CountReader();
    const consumer = (reader.consumer = client.consumer({
      groupId: `${topic}-reader`,
      readUncommitted: false,
      maxWaitTimeInMs: 50,
      maxBytesPerPartition: 4 * 1024 * 1024,
    }));
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const { key, value } of batch.messages) {
          const word = key?.toString('utf8') ?? '';
          if (value?.length !== 8) {
            reader.malformed++;
            continue;
          }
          const count = Number(value.readBigInt64BE());
          const previous = reader.last.get(word) ?? 0;
          if (count !== previous + 1) reader.notNext++;
          reader.last.set(word, count);
          reader.words += count - previous;
          reader.records++;
        }
        reader.lastArrival = Date.now();
        reader.progress.push({ at: reader.lastArrival, words: reader.words });
      },
    });
    await joined;
    return reader;
  }

  /**
   * Resolves the time the output first accounted for `words` words; rejects after `timeoutMs`, or when `abort`
   * settles first (the contender died).
   */
  async reached(words: number, timeoutMs: number, abort: Promise<unknown>): Promise<number> {
    let aborted = false;
    void abort.then(() => (aborted = true));
    const deadline = Date.now() + timeoutMs;
    while (this.words < words) {
      if (aborted) throw new Error(`the contender stopped with ${this.words} of ${words} words counted`);
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${this.words} of ${words} words`);
      await sleep(POLL_MS);
    }
    return this.reachedAt(words)!;
  }

  /** When the output first accounted for `words` words (undefined if it never did). */
  reachedAt(words: number): number | undefined {
    return this.progress.find((point) => point.words >= words)?.at;
  }

  /** Resolves once nothing arrived for `quietMs`. */
  async quiet(quietMs: number): Promise<void> {
    this.lastArrival = Math.max(this.lastArrival, Date.now());
    while (Date.now() - this.lastArrival < quietMs) await sleep(POLL_MS);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

export interface LastCountCheck {
  readonly ok: boolean;
  readonly problems: ReadonlyArray<string>;
}

/** The last count of every word must be the reference count, and no other word may appear. */
export function verifyLastCounts(reader: CountReader, expected: ReadonlyMap<string, number>): LastCountCheck {
  const wrong: string[] = [];
  for (const [word, count] of expected) {
    const seen = reader.last.get(word);
    if (seen !== count) wrong.push(`${word}: ${seen ?? 'missing'}, expected ${count}`);
  }
  for (const word of reader.last.keys()) if (!expected.has(word)) wrong.push(`${word}: unexpected`);
  const problems: string[] = [];
  if (wrong.length > 0) problems.push(`${wrong.length} words wrong (${wrong.slice(0, 3).join('; ')})`);
  if (reader.malformed > 0) problems.push(`${reader.malformed} values not 8-byte longs`);
  return { ok: problems.length === 0, problems };
}
