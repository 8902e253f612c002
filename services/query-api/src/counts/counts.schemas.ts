import { wordPrefixSchema } from '@streamkit/contracts';
import { z } from 'zod';
import { decodeCursor } from './cursor.js';

export const MAX_PAGE_SIZE = 1_000;
const DEFAULT_PAGE_SIZE = 50;
const DEFAULT_TOP_N = 10;

const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

/** GET /counts?prefix=&limit=&cursor= */
export const pageQuerySchema = z
  .object({
    prefix: wordPrefixSchema.default(''),
    limit: wholeNumber(1, MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
    cursor: z
      .string({ error: 'must be given once' })
      .transform((cursor, context) => {
        const after = decodeCursor(cursor);
        if (after === undefined) context.addIssue({ code: 'custom', message: 'is not a cursor returned by this API' });
        return after ?? z.NEVER;
      })
      .optional(),
  })
  .superRefine(({ prefix, cursor }, context) => {
    if (cursor !== undefined && !cursor.startsWith(prefix)) {
      context.addIssue({ code: 'custom', path: ['cursor'], message: `belongs to another prefix than "${prefix}"` });
    }
  })
  .transform(({ prefix, limit, cursor }) => ({ prefix, limit, after: cursor }));

export type PageQuery = z.output<typeof pageQuerySchema>;

/** GET /top?n= (the largest n is MAX_TOP_N). */
export function topQuerySchema(maxN: number) {
  return z.object({ n: wholeNumber(1, maxN).default(DEFAULT_TOP_N) });
}
