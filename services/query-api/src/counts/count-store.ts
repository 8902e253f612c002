import type { Observable } from 'rxjs';

export interface WordCount {
  readonly word: string;
  readonly count: number;
}

export interface WindowCount {
  /** Epoch milliseconds, inclusive. */
  readonly startMs: number;
  /** Epoch milliseconds, exclusive (start + window size). */
  readonly endMs: number;
  readonly count: number;
}

/**
 * The materialized word counts, as the HTTP layer sees them. The Kafka implementation reads the global
 * stores of the streams app (src/streams); tests use an in-memory one. Every read throws the library's
 * InvalidStateStoreError while the stores are bootstrapping.
 */
export abstract class CountStore {
  /** Every change of a word's total count, once it is in the store; hot (no replay), never errors. */
  abstract readonly updates: Observable<WordCount>;

  /** The record timestamp (epoch ms) of each change `updates` emits, as it arrives: what end-to-end latency is measured from. */
  abstract readonly updateTimestamps: Observable<number>;

  /** Resolves once the stores are bootstrapped and answer queries (it may never resolve if start-up fails). */
  abstract whenQueryable(): Promise<void>;

  /** The word's count, or undefined for a word never counted. */
  abstract count(word: string): number | undefined;

  /** Every word >= `from` (all words without it) with its count, in the order of their UTF-8 bytes. */
  abstract scan(from?: string): AsyncIterable<WordCount>;

  /** The windows of `word` that start in [fromMs, toMs], oldest first. */
  abstract windows(word: string, fromMs: number, toMs: number): WindowCount[];
}
