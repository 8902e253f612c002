// A queried word is valid exactly when the word-count topology could have counted it under that name.
import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { wordsOf } from '../src/index.js';
import { MAX_WORD_LENGTH, WORD_PATTERN, WORD_PREFIX_PATTERN, wordPrefixSchema, wordSchema } from '../src/index.js';

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

describe('WORD_PATTERN, the word rule as the OpenAPI documents state it', () => {
  it('admits exactly the characters the topology reads as part of a word, lower-cased', () => {
    for (let code = 0; code <= 0x10ffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const character = String.fromCodePoint(code);
      const counted = wordsOf(character).length === 1 && wordsOf(character)[0] === character.toLowerCase();
      if (WORD_PATTERN.test(character) !== counted)
        throw new Error(`U+${code.toString(16)}: pattern and wordsOf disagree`);
    }
  });

  it('is what wordSchema and wordPrefixSchema document', () => {
    expect(z.toJSONSchema(wordSchema, { io: 'input' })).toMatchObject({
      pattern: WORD_PATTERN.source,
      maxLength: MAX_WORD_LENGTH,
    });
    expect(z.toJSONSchema(wordPrefixSchema, { io: 'input' })).toMatchObject({ pattern: WORD_PREFIX_PATTERN.source });
  });
});
