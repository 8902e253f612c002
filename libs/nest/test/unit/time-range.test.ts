import { describe, expect, it } from '@jest/globals';
import { timeRangeSchema } from '../../src/index.js';

const HOUR_MS = 3_600_000;
const NOW = Date.parse('2026-11-24T12:00:00Z');
const schema = timeRangeSchema({ maxRangeMs: HOUR_MS, maxRangeSetting: 'MAX_RANGE_MS', now: () => NOW });
const INSTANT = 'must be epoch milliseconds or an ISO 8601 time with a zone (2026-11-24T10:00:00Z)';

function errorsOf(query: Record<string, unknown>) {
  const parsed = schema.safeParse(query);
  return parsed.success ? [] : parsed.error.issues.map(({ path, message }) => ({ field: path.join('.'), message }));
}

describe('timeRangeSchema', () => {
  it('reads from and to as epoch ms, ISO 8601 date-times with a zone, or dates', () => {
    expect(schema.parse({ from: '2026-11-24T11:30:00+01:00', to: String(NOW - HOUR_MS) })).toEqual({
      fromMs: NOW - 1.5 * HOUR_MS,
      toMs: NOW - HOUR_MS,
    });
    expect(schema.parse({ from: '2026-11-24', to: '2026-11-24T00:15:00Z' })).toEqual({
      fromMs: Date.parse('2026-11-24T00:00:00Z'),
      toMs: Date.parse('2026-11-24T00:15:00Z'),
    });
  });

  it('ends at now and spans the widest range by default', () => {
    expect(schema.parse({})).toEqual({ fromMs: NOW - HOUR_MS, toMs: NOW });
    expect(schema.parse({ to: '1000000' })).toEqual({ fromMs: 1_000_000 - HOUR_MS, toMs: 1_000_000 });
    expect(schema.parse({ from: String(NOW - 60_000) })).toEqual({ fromMs: NOW - 60_000, toMs: NOW });
  });

  it('accepts exactly the widest range, and an empty one', () => {
    expect(schema.parse({ from: '0', to: String(HOUR_MS) })).toEqual({ fromMs: 0, toMs: HOUR_MS });
    expect(schema.parse({ from: '5', to: '5' })).toEqual({ fromMs: 5, toMs: 5 });
  });

  it.each([
    ['a from that is no time', { from: 'yesterday' }, [{ field: 'from', message: INSTANT }]],
    ['a date-time without a zone', { to: '2026-11-24T10:00:00' }, [{ field: 'to', message: INSTANT }]],
    ['a parameter given twice', { from: ['1', '2'] }, [{ field: 'from', message: 'must be given once' }]],
    ['from after to', { from: '2000', to: '1000' }, [{ field: 'from', message: 'must not be after to' }]],
    [
      'a range wider than the widest, naming its setting',
      { from: '0', to: String(HOUR_MS + 1) },
      [{ field: 'to', message: `must be at most ${HOUR_MS} ms after from (MAX_RANGE_MS)` }],
    ],
    [
      'both bad, each named',
      { from: 'x', to: 'y' },
      [
        { field: 'from', message: INSTANT },
        { field: 'to', message: INSTANT },
      ],
    ],
  ])('refuses %s', (_case, query, errors) => {
    expect(errorsOf(query)).toEqual(errors);
  });
});
