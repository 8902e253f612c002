import { z } from 'zod';
import { parseInstant } from './instant.js';

export interface TimeRange {
  /** From this time (epoch ms, inclusive) ... */
  readonly fromMs: number;
  /** ... to this one (inclusive). */
  readonly toMs: number;
}

export interface TimeRangeOptions {
  /** The widest `to` − `from` accepted, and how far back `from` goes when not given. */
  readonly maxRangeMs: number;
  /** The setting `maxRangeMs` comes from, named in the 400 (`MAX_WINDOW_QUERY_RANGE_MS`). */
  readonly maxRangeSetting: string;
  readonly now?: () => number;
}

const instant = z.string({ error: 'must be given once' }).transform((text, context) => {
  const ms = parseInstant(text);
  if (ms !== undefined) return ms;
  context.addIssue({
    code: 'custom',
    message: 'must be epoch milliseconds or an ISO 8601 time with a zone (2026-11-24T10:00:00Z)',
  });
  return z.NEVER;
});

/**
 * The `?from=&to=` of a query over time: each epoch milliseconds, an ISO 8601 date-time with a zone or a date
 * (midnight UTC). `to` defaults to now, `from` to `to` − `maxRangeMs`; `from` must not be after `to`, and the
 * range must not be wider than `maxRangeMs`. A 400 names the parameter at fault.
 */
export function timeRangeSchema({ maxRangeMs, maxRangeSetting, now = Date.now }: TimeRangeOptions) {
  return z
    .object({ from: instant.optional(), to: instant.optional() })
    .transform(({ from, to }): TimeRange => {
      const toMs = to ?? now();
      return { fromMs: from ?? toMs - maxRangeMs, toMs };
    })
    .superRefine(({ fromMs, toMs }, context) => {
      if (fromMs > toMs) context.addIssue({ code: 'custom', path: ['from'], message: 'must not be after to' });
      else if (toMs - fromMs > maxRangeMs) {
        context.addIssue({
          code: 'custom',
          path: ['to'],
          message: `must be at most ${maxRangeMs} ms after from (${maxRangeSetting})`,
        });
      }
    });
}
