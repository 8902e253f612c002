// A queried word is valid exactly when the word-count topology could have counted it under that name.
import { describe, expect, it } from '@jest/globals';
import { wordsOf } from '../src/index.js';
import { MAX_WORD_LENGTH, wordPrefixSchema, wordSchema } from '../src/index.js';

const ONE_WORD = 'must be one word of letters a-z, digits 0-9 or "_" (sentences are split at every other character)';

function reasonsOf(schema: typeof wordSchema, value: unknown): string[] {
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
}

describe('wordSchema', () => {
  it.each([
    ['fox', 'fox'],
    ['Kafka', 'kafka'],
    ['item_42', 'item_42'],
    ['_', '_'],
    ['\u212a', 'k'], // the Kelvin sign lower-cases to "k", as it does in a sentence
  ])('reads %j as the word %j', (text, word) => {
    expect(wordSchema.parse(text)).toBe(word);
    expect(wordsOf(`a ${text} b`)).toContain(word);
  });

  it.each(['foo-bar', 'two words', 'café', 'ägypten', ' fox', 'fox!', '', 'İ'])(
    'refuses %j: the topology never counts it under that name',
    (text) => {
      expect(reasonsOf(wordSchema, text)).toEqual([ONE_WORD]);
      expect(wordsOf(text)).not.toEqual([text.toLowerCase()]);
    },
  );

  it('refuses a word longer than any sentence', () => {
    expect(wordSchema.parse('x'.repeat(MAX_WORD_LENGTH))).toHaveLength(MAX_WORD_LENGTH);
    expect(reasonsOf(wordSchema, 'x'.repeat(MAX_WORD_LENGTH + 1))).toEqual([
      `must be at most ${MAX_WORD_LENGTH} characters`,
    ]);
  });

  it('refuses a parameter given twice', () => {
    expect(reasonsOf(wordSchema, ['a', 'b'])).toEqual(['must be given once']);
  });
});

describe('wordPrefixSchema', () => {
  it('accepts the empty prefix (every word) and the start of a word, lower-cased', () => {
    expect(wordPrefixSchema.parse('')).toBe('');
    expect(wordPrefixSchema.parse('St')).toBe('st');
  });

  it('refuses what no word can start with', () => {
    expect(reasonsOf(wordPrefixSchema, 'st-')).toEqual([ONE_WORD]);
  });
});
