import { describe, expect, it } from '@jest/globals';
import { seededRandom, sentenceGenerator, VOCABULARY, zipfSampler } from './sentence-generator.ts';

describe('zipfSampler', () => {
  it('draws rank k about k times less often than rank 1', () => {
    const draws = 200_000;
    const pick = zipfSampler(100, 1, seededRandom(7));
    const counts = new Array<number>(100).fill(0);
    for (let i = 0; i < draws; i += 1) counts[pick()]! += 1;
    const harmonic = Array.from({ length: 100 }, (_, k) => 1 / (k + 1)).reduce((a, b) => a + b);
    for (const k of [0, 1, 9, 49]) {
      const expected = draws / (k + 1) / harmonic;
      expect(Math.abs(counts[k]! - expected) / expected).toBeLessThan(0.1);
    }
    expect(counts.every((count) => count > 0)).toBe(true);
  });
});

describe('sentenceGenerator', () => {
  it('makes sentences of 4 to 12 vocabulary words, the same for the same seed', () => {
    const one = sentenceGenerator({ seed: 42 });
    const two = sentenceGenerator({ seed: 42 });
    for (let i = 0; i < 500; i += 1) {
      const sentence = one();
      expect(two()).toBe(sentence);
      expect(sentence).toMatch(/^[A-Z][a-z]*( [a-z]+){3,11}\.$/);
      for (const word of sentence.toLowerCase().slice(0, -1).split(' ')) expect(VOCABULARY).toContain(word);
    }
    expect(sentenceGenerator({ seed: 43 })()).not.toBe(sentenceGenerator({ seed: 42 })());
  });

  it('has no word twice in the vocabulary', () => {
    expect(new Set(VOCABULARY).size).toBe(VOCABULARY.length);
  });
});
