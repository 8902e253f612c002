/** JavaScript dates end at ±8.64e15 ms. */
const LATEST_MS = 8.64e15;
const EPOCH_MS = /^[0-9]{1,16}$/;
// A date, or a date-time with Z or an offset: a time without a zone would depend on the server's.
const ISO_INSTANT =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:T([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]{1,9})?)?(?:Z|[+-]([0-9]{2}):?([0-9]{2})))?$/;

/**
 * What parseInstant reads, as one regular expression (for the OpenAPI documents' `pattern`): epoch ms, or an
 * ISO 8601 date or date-time with a zone. parseInstant also refuses dates and times that do not exist.
 */
export const INSTANT_PATTERN = new RegExp(`^(?:${EPOCH_MS.source.slice(1, -1)}|${ISO_INSTANT.source.slice(1, -1)})$`);

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
