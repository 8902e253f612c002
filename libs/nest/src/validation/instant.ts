/** JavaScript dates end at ±8.64e15 ms. */
const LATEST_MS = 8.64e15;
const EPOCH_MS = /^[0-9]{1,16}$/;
// A date, or a date-time with Z or an offset: a time without a zone would depend on the server's.
const ISO_INSTANT =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:T([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]{1,9})?)?(?:Z|[+-]([0-9]{2}):?([0-9]{2})))?$/;

const HOURS = '(?:[01][0-9]|2[0-3])';
const SIXTY = '[0-5][0-9]';

/**
 * What parseInstant reads, as one regular expression for the OpenAPI documents' `pattern`: epoch ms up to
 * 8.64e15, or an ISO 8601 date or date-time with a zone, each field in its range. Only the days a month
 * does not have (2026-02-30) are left to parseInstant.
 */
export const INSTANT_PATTERN = new RegExp(
  '^(?:' +
    '[0-9]{1,15}|[0-7][0-9]{15}|8[0-5][0-9]{14}|86[0-3][0-9]{13}|8640000000000000' +
    `|[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])` +
    `(?:T${HOURS}:${SIXTY}(?::${SIXTY}(?:\\.[0-9]{1,9})?)?(?:Z|[+-]${HOURS}:?${SIXTY}))?` +
    ')$',
);

/**
 * Epoch milliseconds, or an ISO 8601 date (midnight UTC) or date-time with Z or an offset, as epoch
 * milliseconds; undefined for anything else, including dates and times that do not exist.
 */
export function parseInstant(text: string): number | undefined {
  if (EPOCH_MS.test(text)) {
    const ms = Number(text);
    return ms <= LATEST_MS ? ms : undefined;
  }
  const match = ISO_INSTANT.exec(text);
  if (!match || !isRealDateTime(match.slice(1).map((part) => (part === undefined ? 0 : Number(part))))) {
    return undefined;
  }
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

// Date.parse rolls 2026-02-31 over into March 3 and 24:00 into the next day instead of refusing them.
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
