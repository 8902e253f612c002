import { describe, expect, it } from '@jest/globals';
import { decodeCursor, encodeCursor } from '../../src/counts/cursor.js';

describe('page cursors', () => {
  it.each(['fox', 'ägypten', '世界', 'a b'])('round-trips %s', (word) => {
    expect(decodeCursor(encodeCursor(word))).toBe(word);
  });

  it.each(['', '***', 'Zm94=', 'Zm9', '_-8'])('rejects %j', (cursor) => {
    expect(decodeCursor(cursor)).toBeUndefined();
  });
});
