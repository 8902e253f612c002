import { wordPrefixSchema } from '@streamkit/contracts';
import { configuredSchema } from '@streamkit/nest';
import { z } from 'zod';
import type { QueryApiConfig } from '../config.js';
import { CURSOR_PATTERN, decodeCursor } from './cursor.js';

export const MAX_PAGE_SIZE = 1_000;
const DEFAULT_PAGE_SIZE = 50;
const DEFAULT_TOP_N = 10;

const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

const NOT_A_CURSOR = 'is not a cursor returned by this API';

/** GET /counts?prefix=&limit=&cursor= */
export const pageQuerySchema = z
  .object({
    prefix: wordPrefixSchema.default(''),
    limit: wholeNumber(1, MAX_PAGE_SIZE)
      .default(DEFAULT_PAGE_SIZE)
      .meta({ description: `Words per page, 1-${MAX_PAGE_SIZE}`, example: 20 }),
    cursor: z
      .string({ error: 'must be given once' })
      .regex(CURSOR_PATTERN, NOT_A_CURSOR)
      .meta({ description: '`nextCursor` of the previous page, with the same prefix' })
      .transform((cursor, context) => {
        const after = decodeCursor(cursor);
        if (after === undefined) context.addIssue({ code: 'custom', message: NOT_A_CURSOR });
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
  return z.object({
    n: wholeNumber(1, maxN)
      .default(Math.min(DEFAULT_TOP_N, maxN))
      .meta({ description: `How many words, 1-${maxN} (MAX_TOP_N)`, example: Math.min(3, maxN) }),
  });
}

/** GET /top?n= with the service's MAX_TOP_N. */
export const topQuery = configuredSchema((config) =>
  topQuerySchema((config as { get(key: 'MAX_TOP_N'): QueryApiConfig['MAX_TOP_N'] }).get('MAX_TOP_N')),
);
