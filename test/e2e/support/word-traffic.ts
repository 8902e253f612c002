// Input for the end-to-end scenarios and the reference they are checked against: generated sentences (mixed
// case, punctuation, repeated words), posted through the producer's HTTP API, and the exact count of every
// word computed here with wordsOf, the word rule of @streamkit/contracts, independently of the services.
import { wordsOf } from '@streamkit/contracts';
import type { ServiceContainer } from './system.js';

/** A small seeded PRNG (mulberry32): the same seed gives the same sentences. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const SYLLABLES = ['ka', 'fo', 'stre', 'am', 'lu', 'qi', 'zen', 'tor', 'ix', 'po', 'ra', 'un', 'del', 've', 'sh'];
const SEPARATORS = [' ', ' ', ' ', ', ', '; ', ' - ', '. ', '! ', ' (', ') ', '  ', '\t', ' / '];

export class SentenceGenerator {
  private readonly next: () => number;
  private readonly vocabulary: string[];

  constructor(seed: number, vocabularySize = 400) {
    this.next = random(seed);
    const words = new Set<string>();
    while (words.size < vocabularySize) {
      const syllables = 1 + Math.floor(this.next() * 3);
      let word = '';
      for (let i = 0; i < syllables; i++) word += SYLLABLES[Math.floor(this.next() * SYLLABLES.length)];
      if (this.next() < 0.1) word += String(Math.floor(this.next() * 10));
      words.add(word);
    }
    this.vocabulary = [...words];
  }

  /** One sentence of 4 to 16 words: some capitalized, separated by spaces and punctuation. */
  sentence(): string {
    const length = 4 + Math.floor(this.next() * 13);
    let text = '';
    for (let i = 0; i < length; i++) {
      // Skewed: a few words are frequent, most are rare (as in text).
      const index = Math.floor(this.next() ** 2 * this.vocabulary.length);
      let word = this.vocabulary[index]!;
      if (this.next() < 0.2) word = word[0]!.toUpperCase() + word.slice(1);
      else if (this.next() < 0.03) word = word.toUpperCase();
      text += (i === 0 ? '' : SEPARATORS[Math.floor(this.next() * SEPARATORS.length)]) + word;
    }
    return this.next() < 0.5 ? `${text}.` : text;
  }

  /** `count` sentences. */
  sentences(count: number): string[] {
    return Array.from({ length: count }, () => this.sentence());
  }
}

/** The exact counts the system must end with. */
export class Reference {
  readonly counts = new Map<string, number>();
  total = 0;

  add(sentences: Iterable<string>): void {
    for (const sentence of sentences) {
      for (const word of wordsOf(sentence)) {
        this.counts.set(word, (this.counts.get(word) ?? 0) + 1);
        this.total++;
      }
    }
  }

  /** Sorted `word=count` lines (equal maps compare equal, and a difference reads well in a diff). */
  lines(): string[] {
    return [...this.counts].map(([word, count]) => `${word}=${count}`).sort();
  }
}

/** Posts sentences through the producer's streaming endpoint, one per line; all must be accepted. */
export async function postSentences(producer: ServiceContainer, sentences: ReadonlyArray<string>): Promise<void> {
  const response = await producer.fetch('/sentences/bulk', {
    method: 'POST',
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body: sentences.join('\n') + '\n',
  });
  const body = await response.text();
  if (response.status !== 202) throw new Error(`POST /sentences/bulk: ${response.status} ${body}`);
  const accepted = (JSON.parse(body) as { accepted: number }).accepted;
  if (accepted !== sentences.length)
    throw new Error(`POST /sentences/bulk accepted ${accepted} of ${sentences.length}`);
}

/** Every word and count query-api holds (all pages of GET /counts), as sorted `word=count` lines. */
export async function queryApiCounts(queryApi: ServiceContainer): Promise<string[]> {
  const lines: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryApi.json<{ words: Array<{ word: string; count: number }>; nextCursor?: string }>(
      `/counts?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    for (const { word, count } of page.words) lines.push(`${word}=${count}`);
    cursor = page.nextCursor;
  } while (cursor);
  return lines.sort();
}

/** The count of every reference word as word-count's `/state/words/:word` answers it, asking the instances in turn. */
export async function wordCountStateCounts(
  instances: ReadonlyArray<ServiceContainer>,
  words: Iterable<string>,
): Promise<string[]> {
  const lines: string[] = [];
  let turn = 0;
  for (const word of words) {
    const instance = instances[turn++ % instances.length]!;
    const { count } = await instance.json<{ word: string; count: number }>(`/state/words/${word}`);
    lines.push(`${word}=${count}`);
  }
  return lines.sort();
}
