import { z } from 'zod';
import { decodeCursor } from './cursor.js';
import { parseInstant } from './instant.js';

export const MAX_WORD_LENGTH = 200;
export const MAX_PAGE_SIZE = 1_000;
const DEFAULT_PAGE_SIZE = 50;
const DEFAULT_TOP_N = 10;
const DEFAULT_WINDOW_SPAN_MS = 24 * 3_600_000;

// word-count counts words in lower case, so lookups are case-insensitive.
const normalized = (text: string): string => text.toLowerCase();

const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

/** The `:word` of /counts/:word. */
export const wordSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(MAX_WORD_LENGTH, `must be at most ${MAX_WORD_LENGTH} characters`)
  .transform(normalized);

/** GET /counts?prefix=&limit=&cursor= */
export const pageQuerySchema = z
  .object({
    prefix: z
      .string({ error: 'must be given once' })
      .max(MAX_WORD_LENGTH, `must be at most ${MAX_WORD_LENGTH} characters`)
      .default('')
      .transform(normalized),
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

/** An instant: epoch milliseconds, or an ISO 8601 date or date-time with a zone. */
const instant = z.string({ error: 'must be given once' }).transform((text, context) => {
  const ms = parseInstant(text);
  if (ms !== undefined) return ms;
  context.addIssue({
    code: 'custom',
    message: 'must be epoch milliseconds or an ISO 8601 time with a zone (2026-11-24T10:00:00Z)',
  });
  return z.NEVER;
});

/** GET /counts/:word/windows?from=&to= — windows starting in [from, to]; by default the last 24 hours. */
export function windowsQuerySchema(now: () => number = Date.now) {
  return z
    .object({ from: instant.optional(), to: instant.optional() })
    .transform(({ from, to }) => {
      const toMs = to ?? now();
      return { fromMs: from ?? toMs - DEFAULT_WINDOW_SPAN_MS, toMs };
    })
    .refine(({ fromMs, toMs }) => fromMs <= toMs, { path: ['from'], message: 'must not be after to' });
}

export type WindowsQuery = z.output<ReturnType<typeof windowsQuerySchema>>;
