import { describe, expect, it } from '@jest/globals';
import { parseInstant } from '../../src/index.js';

describe('parseInstant', () => {
  it.each([
    ['0', 0],
    ['1795548650545', 1_795_548_650_545],
    ['2026-11-24', Date.UTC(2026, 10, 24)],
    ['2026-11-24T10:00Z', Date.UTC(2026, 10, 24, 10)],
    ['2026-11-24T10:00:00.250Z', Date.UTC(2026, 10, 24, 10, 0, 0, 250)],
    ['2026-11-24T11:00:00+01:00', Date.UTC(2026, 10, 24, 10)],
    ['2026-11-24T09:30:00-0030', Date.UTC(2026, 10, 24, 10)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
  ])('reads %s', (text, ms) => {
    expect(parseInstant(text)).toBe(ms);
  });

  it.each([
    'yesterday',
    '-5',
    '1e3',
    '99999999999999999',
    '2026-11-24T10:00:00', // no zone: it would depend on the server's
    '2026-02-31',
    '2025-02-29T00:00:00Z',
    '2026-11-24T24:00:00Z', // Date.parse would roll it into the next day
    '2026-11-24T25:00:00Z',
    '2026-11-24T10:60:00Z',
    '2026-11-24T10:00:00+24:00',
    '2026-11-24 10:00:00Z',
  ])('refuses %j', (text) => {
    expect(parseInstant(text)).toBeUndefined();
  });
});
