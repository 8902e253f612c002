// The benchmark's input: deterministic sentences (the same seed gives the same input for every implementation),
// the word counts they must produce, and the two ways of writing them — all at once before the app starts
// (throughput), and at a steady rate while it runs (latency).
import { setTimeout as sleep } from 'node:timers/promises';
import type { Producer } from 'kafkajs';
import { seededRandom, zipfSampler } from '../tools/start/sentence-generator.ts';

export interface SentenceSourceOptions {
  readonly seed: number;
  /** Distinct words, drawn with a Zipf-like distribution ("w0" most often). */
  readonly vocabularySize: number;
  readonly wordsPerSentence: number;
}

/** Sentences of lower-case words separated by spaces, and what counting their words must give. */
export class SentenceSource {
  private readonly options: SentenceSourceOptions;
  private readonly pick: () => number;
  private readonly counts = new Map<string, number>();
  private produced = 0;
  private sentences = 0;

  constructor(options: SentenceSourceOptions) {
    this.options = options;
    this.pick = zipfSampler(options.vocabularySize, 1, seededRandom(options.seed));
  }

  get wordsPerSentence(): number {
    return this.options.wordsPerSentence;
  }

  /** Words in all sentences taken so far. */
  get words(): number {
    return this.produced;
  }

  /** The count every word must end with, after all sentences taken so far. */
  get expectedCounts(): ReadonlyMap<string, number> {
    return this.counts;
  }

  /** The next sentence, keyed by its number so that sentences spread over the input partitions. */
  next(): { readonly key: string; readonly value: string } {
    const words = Array.from({ length: this.options.wordsPerSentence }, () => `w${this.pick()}`);
    for (const word of words) this.counts.set(word, (this.counts.get(word) ?? 0) + 1);
    this.produced += words.length;
    return { key: `s${this.sentences++}`, value: words.join(' ') };
  }
}

/** Records per produce request while pre-loading. */
const PRELOAD_BATCH = 5_000;
/** How often the steady producer sends what is due. */
const TICK_MS = 20;

/** The next `count` sentences as records stamped with the current time. */
function sentenceRecords(source: SentenceSource, count: number) {
  const timestamp = String(Date.now());
  return Array.from({ length: count }, () => ({ ...source.next(), timestamp }));
}

/** Writes `words` words (rounded up to whole sentences) before the app starts; resolves the time it took. */
export async function preload(producer: Producer, topic: string, source: SentenceSource, words: number) {
  const started = performance.now();
  const sentences = Math.ceil(words / source.wordsPerSentence);
  for (let sent = 0; sent < sentences; sent += PRELOAD_BATCH) {
    const messages = sentenceRecords(source, Math.min(PRELOAD_BATCH, sentences - sent));
    await producer.send({ topic, messages, acks: -1 });
  }
  return { words: sentences * source.wordsPerSentence, ms: performance.now() - started };
}

/**
 * Writes sentences at `wordsPerSecond` for `seconds`, each record stamped with the wall-clock time it is sent
 * (the output records carry it on, which is what end-to-end latency is measured from).
 */
export async function produceSteadily(
  producer: Producer,
  topic: string,
  source: SentenceSource,
  wordsPerSecond: number,
  seconds: number,
): Promise<{ readonly words: number; readonly startedAt: number }> {
  const startedAt = Date.now();
  const total = Math.ceil((wordsPerSecond * seconds) / source.wordsPerSentence);
  let sent = 0;
  while (sent < total) {
    const due = Math.min(
      total,
      Math.floor((((Date.now() - startedAt) / 1_000) * wordsPerSecond) / source.wordsPerSentence),
    );
    if (due > sent) {
      await producer.send({ topic, messages: sentenceRecords(source, due - sent), acks: -1 });
      sent = due;
    }
    await sleep(TICK_MS);
  }
  return { words: total * source.wordsPerSentence, startedAt };
}
