import { describe, it, expect } from '@jest/globals';
import { murmur2, partitionForKey, toPositive } from '../../../src/internal/engine/partitioner.js';

describe('murmur2 (Java Utils.murmur2)', () => {
  const javaValues: ReadonlyArray<readonly [string, number]> = [
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ];
  it.each(javaValues)('murmur2(%s) = %d', (text, expected) => {
    expect(murmur2(Buffer.from(text, 'utf8'))).toBe(expected);
  });

  it('partitionForKey clears the sign bit before the modulo', () => {
    expect(toPositive(-973932308)).toBe(-973932308 & 0x7fffffff);
    expect(partitionForKey(Buffer.from('21'), 7)).toBe((-973932308 & 0x7fffffff) % 7);
    expect(partitionForKey(Buffer.from('abc'), 3)).toBe(479470107 % 3);
  });

  it('rejects a non-positive partition count', () => {
    expect(() => partitionForKey(Buffer.from('a'), 0)).toThrow(/positive integer/);
  });
});
