import { z } from 'zod';
import { withLiveExample } from '../openapi/openapi-schema.js';
import { INSTANT_PATTERN, parseInstant } from './instant.js';

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

const INSTANT_REASON = 'must be epoch milliseconds or an ISO 8601 time with a zone (2026-11-24T10:00:00Z)';
const INSTANT_FORMATS = 'epoch ms, or ISO 8601: a date-time with a zone, or a date (midnight UTC)';

const instant = z
  .string({ error: 'must be given once' })
  .regex(INSTANT_PATTERN, INSTANT_REASON)
  .transform((text, context) => {
    const ms = parseInstant(text);
    if (ms !== undefined) return ms;
    // Matches the pattern, but the date or time does not exist (2026-02-31, 24:00).
    context.addIssue({ code: 'custom', message: INSTANT_REASON });
    return z.NEVER;
  });

const HOUR_MS = 3_600_000;

/** Descriptions of `?from=&to=` for a range whose widest span is `maxRangeSetting`. */
export const timeRangeDescriptions = (maxRangeSetting: string) => ({
  from: `From this time: ${INSTANT_FORMATS}. Default: \`to\` minus ${maxRangeSetting}; at most ${maxRangeSetting} before \`to\``,
  to: `Up to this time: ${INSTANT_FORMATS}. Default: now; not before \`from\``,
});

/**
 * The `?from=&to=` of a query over time: each epoch milliseconds, an ISO 8601 date-time with a zone or a date
 * (midnight UTC). `to` defaults to now, `from` to `to` − `maxRangeMs`; `from` must not be after `to`, and the
 * range must not be wider than `maxRangeMs`. A 400 names the parameter at fault. Documented with examples
 * relative to the time the document is built (an hour ago, or the widest range if shorter, to now).
 */
export function timeRangeSchema({ maxRangeMs, maxRangeSetting, now = Date.now }: TimeRangeOptions) {
  const descriptions = timeRangeDescriptions(maxRangeSetting);
  return z
    .object({
      from: withLiveExample(instant.optional().meta({ description: descriptions.from }), () =>
        new Date(now() - Math.min(HOUR_MS, maxRangeMs)).toISOString(),
      ),
      to: withLiveExample(instant.optional().meta({ description: descriptions.to }), () =>
        new Date(now()).toISOString(),
      ),
    })
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
