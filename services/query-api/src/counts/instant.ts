const EPOCH_MS = /^\d{1,16}$/;
/** JavaScript dates end at ±8.64e15 ms. */
const LATEST_MS = 8.64e15;
// A date, or a date-time with Z or an offset: a time without a zone would depend on the server's.
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/**
 * Epoch milliseconds, or an ISO 8601 date (midnight UTC) or date-time with a zone, as epoch milliseconds;
 * undefined for anything else, including dates that do not exist (Date.parse turns 2026-02-31 into March 3).
 */
export function parseInstant(text: string): number | undefined {
  if (EPOCH_MS.test(text)) {
    const ms = Number(text);
    return ms <= LATEST_MS ? ms : undefined;
  }
  const match = ISO_8601.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [match[1], match[2], match[3]].map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
