import { z } from 'zod';

/** `{ "text": "..." }`: a non-blank string of at most `maxLength` characters. */
export function sentenceSchema(maxLength: number) {
  return z.object(
    {
      text: z
        .string({ error: (issue) => (issue.input === undefined ? 'required' : 'must be a string') })
        .max(maxLength, `must be at most ${maxLength} characters`)
        .refine((text) => text.trim() !== '', 'must not be empty'),
    },
    { error: 'must be an object {"text": string}' },
  );
}

/** A non-empty array of sentences. (Not a zod union with the single form: that would lose the per-field reasons.) */
export function sentenceListSchema(maxLength: number) {
  return z.array(sentenceSchema(maxLength)).min(1, 'must contain at least one sentence');
}
