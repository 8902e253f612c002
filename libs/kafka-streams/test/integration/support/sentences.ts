// Seeded test input for the word-count integration tests: the same seed gives the same sentences, so a failing
// run can be replayed, and the reference count the application's output must equal.

/** A deterministic generator (mulberry32): each call returns an integer in [0, n). */
export function seededRandom(seed: number): (n: number) => number {
  let x = seed;
  return (n) => {
    x = (x + 0x6d2b79f5) | 0;
    let t = Math.imul(x ^ (x >>> 15), 1 | x);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * n);
  };
}

export interface SentenceOptions {
  readonly seed: number;
  readonly vocabulary: ReadonlyArray<string>;
  /** Words per sentence: a number, or `[min, max]` drawn for each sentence. */
  readonly words: number | readonly [number, number];
}

/** `count` sentences of words drawn uniformly from the vocabulary, separated by single spaces. */
export function randomSentences(count: number, { seed, vocabulary, words }: SentenceOptions): string[] {
  const next = seededRandom(seed);
  const length = typeof words === 'number' ? () => words : () => words[0] + next(words[1] - words[0] + 1);
  return Array.from({ length: count }, () =>
    Array.from({ length: length() }, () => vocabulary[next(vocabulary.length)]!).join(' '),
  );
}

/** `w0`, `w1`, ... `w<size - 1>`. */
export const numberedWords = (size: number): string[] => Array.from({ length: size }, (_, i) => `w${i}`);

/** How often each word occurs in the sentences: what a correct word count ends with. */
export function referenceCounts(sentences: Iterable<string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const sentence of sentences) for (const word of sentence.split(' ')) counts[word] = (counts[word] ?? 0) + 1;
  return counts;
}
