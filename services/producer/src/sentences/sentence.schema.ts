import { configuredSchema } from '@streamkit/nest';
import { z } from 'zod';
import type { ProducerConfig } from '../config.js';

/**
 * Text with at least one character that is not white space, as String.prototype.trim sees it. The class is
 * spelled out rather than `\S`, so that every regular expression engine (the OpenAPI document's readers
 * included) reads the same set.
 */
const NOT_BLANK = /[^\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;

/** `{ "text": "..." }`: a non-blank string of at most `maxLength` characters. */
export function sentenceSchema(maxLength: number) {
  return z.object(
    {
      text: z
        .string({ error: (issue) => (issue.input === undefined ? 'required' : 'must be a string') })
        .max(maxLength, `must be at most ${maxLength} characters`)
        .regex(NOT_BLANK, 'must not be empty')
        .meta({
          description: `The sentence: not blank, at most ${maxLength} characters`,
          example: 'the quick brown fox',
        }),
    },
    { error: 'must be an object {"text": string}' },
  );
}

/** A non-empty array of sentences. (Not a zod union with the single form: that would lose the per-field reasons.) */
export function sentenceListSchema(maxLength: number) {
  return z.array(sentenceSchema(maxLength)).min(1, 'must contain at least one sentence');
}

/** The body of POST /sentences as documented: one sentence or a non-empty array, by the two schemas above. */
export const sentencesBodySchema = configuredSchema((config) => {
  const maxLength = (config as { get(key: 'MAX_SENTENCE_LENGTH'): ProducerConfig['MAX_SENTENCE_LENGTH'] }).get(
    'MAX_SENTENCE_LENGTH',
  );
  return z.union([sentenceSchema(maxLength), sentenceListSchema(maxLength)]);
});
