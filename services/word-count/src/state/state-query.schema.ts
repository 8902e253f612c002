import { z } from 'zod';

/** Longest word a query may name; sentences are at most 10 000 characters (the producer's default limit). */
export const MAX_WORD_LENGTH = 10_000;

/**
 * The `:word` path parameter, lower-cased as the topology lower-cases sentences. Only what the topology can
 * produce is a word: it splits sentences at every character other than a-z, 0-9 and "_".
 */
export const wordParamsSchema = z.object({
  word: z
    .string()
    .max(MAX_WORD_LENGTH, `must be at most ${MAX_WORD_LENGTH} characters`)
    .transform((word) => word.toLowerCase())
    .refine(
      (word) => /^\w+$/.test(word),
      'must be one word of letters a-z, digits or "_" (sentences are split at any other character)',
    ),
});

export type WordParams = z.output<typeof wordParamsSchema>;

/** JavaScript dates end at ±8.64e15 ms. */
const MAX_EPOCH_MS = 8.64e15;
const EPOCH_MS = /^\d{1,16}$/;
// A date, or a date-time with an explicit offset: a time without one would depend on the server's zone.
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):?(\d{2})))?$/;

/** Epoch milliseconds, or an ISO 8601 date (midnight UTC) or date-time with Z or an offset; undefined if neither. */
export function parseInstant(value: string): number | undefined {
  if (EPOCH_MS.test(value)) {
    const ms = Number(value);
    return ms <= MAX_EPOCH_MS ? ms : undefined;
  }
  const match = ISO_INSTANT.exec(value);
  if (!match || !isRealDateTime(match.slice(1).map((part) => (part === undefined ? 0 : Number(part))))) {
    return undefined;
  }
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

// Date.parse rolls 2026-02-31 over into March instead of refusing it.
function isRealDateTime([
  year = 0,
  month = 0,
  day = 0,
  hour = 0,
  minute = 0,
  second = 0,
  offsetHours = 0,
  offsetMinutes = 0,
]: number[]): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59
  );
}

const instant = z.string({ error: 'must be given once, as a string' }).transform((value, ctx) => {
  const ms = parseInstant(value);
  if (ms === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be an ISO 8601 time with a zone (2026-11-24T10:00:00Z) or epoch milliseconds',
    });
    return z.NEVER;
  }
  return ms;
});

export interface WindowRange {
  /** Windows starting at or after this time (epoch ms) ... */
  readonly fromMs: number;
  /** ... and at or before this one. */
  readonly toMs: number;
}

/**
 * `?from=&to=` of the windows query: `to` defaults to now, `from` to `to` minus `maxRangeMs`; `from` must not
 * be after `to`, and the range must not be wider than `maxRangeMs`.
 */
export function windowRangeSchema(maxRangeMs: number, now: () => number = Date.now) {
  return z
    .object({ from: instant.optional(), to: instant.optional() })
    .transform(({ from, to }): WindowRange => {
      const toMs = to ?? now();
      return { fromMs: from ?? toMs - maxRangeMs, toMs };
    })
    .superRefine(({ fromMs, toMs }, ctx) => {
      if (fromMs > toMs) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be after to' });
      else if (toMs - fromMs > maxRangeMs) {
        ctx.addIssue({
          code: 'custom',
          path: ['to'],
          message: `must be at most ${maxRangeMs} ms after from (MAX_WINDOW_QUERY_RANGE_MS)`,
        });
      }
    });
}
