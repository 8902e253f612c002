// Sentences for the demo: words drawn from a fixed vocabulary with a Zipf-like distribution (the k-th most
// common word is about k times rarer than the first), as in natural text, so the counts have a clear top.

/** A small PRNG (mulberry32): the same seed gives the same sentences. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Picks index k (0-based) of `size` items with probability proportional to 1 / (k + 1)^exponent. */
export function zipfSampler(size: number, exponent: number, random: () => number): () => number {
  const cumulative: number[] = [];
  let total = 0;
  for (let k = 0; k < size; k += 1) cumulative.push((total += 1 / (k + 1) ** exponent));
  return () => {
    const target = random() * total;
    let low = 0;
    let high = size - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

/** Most common first. */
export const VOCABULARY: ReadonlyArray<string> = (
  'the of and to in a is that for it as was with be by on not he this are or his from at which but have an they ' +
  'you were her she there one all we their been has when who will more no if out so said what up its about into ' +
  'than them can only other new some could time these two may then do first any my now such like our over man ' +
  'me even most made after also did many before must through back years where much your way well down should ' +
  'because each just those people how too little state good very make world still own see men work long get here ' +
  'between both life being under never day same another know while last might us great old year off come since ' +
  'against go came right used take three stream kafka record topic partition broker window count word event'
).split(' ');

export interface SentenceOptions {
  readonly seed?: number;
  /** Zipf exponent; around 1 for natural language. */
  readonly exponent?: number;
  readonly minWords?: number;
  readonly maxWords?: number;
}

/** An endless supply of sentences such as "Kafka of the stream was in record." */
export function sentenceGenerator({
  seed = Date.now(),
  exponent = 1.1,
  minWords = 4,
  maxWords = 12,
}: SentenceOptions = {}) {
  const random = seededRandom(seed);
  const pick = zipfSampler(VOCABULARY.length, exponent, random);
  return (): string => {
    const length = minWords + Math.floor(random() * (maxWords - minWords + 1));
    const words = Array.from({ length }, () => VOCABULARY[pick()]!);
    words[0] = words[0]!.charAt(0).toUpperCase() + words[0]!.slice(1);
    return `${words.join(' ')}.`;
  };
}
