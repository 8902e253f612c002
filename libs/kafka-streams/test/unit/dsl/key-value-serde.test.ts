import { describe, expect, it } from '@jest/globals';
import { keyValueSerde } from '../../../src/internal/dsl/key-value-serde.js';
import { SerializationError, Serdes } from '../../../src/index.js';

describe('keyValueSerde (what KTable.groupBy remembers per source key)', () => {
  const serde = keyValueSerde(Serdes.String(), Serdes.Int32());

  it('round-trips a pair, framing the key so any bytes fit', () => {
    for (const pair of [
      { key: 'paris', value: 3 },
      { key: '', value: -1 },
      { key: 'é\u0000x', value: 2 ** 31 - 1 },
    ]) {
      expect(serde.deserialize('t', serde.serialize('t', pair))).toEqual(pair);
    }
    expect(serde.serialize('t', { key: 'ab', value: 1 })?.toString('hex')).toBe('00000002616200000004' + '00000001');
  });

  it('keeps a null written by the inner serdes apart from an empty value', () => {
    const nullable = keyValueSerde(Serdes.String(), Serdes.Void());
    const bytes = nullable.serialize('t', { key: 'k', value: null });
    expect(bytes?.subarray(-4).readInt32BE()).toBe(-1);
    expect(nullable.deserialize('t', bytes)).toEqual({ key: 'k', value: null });
  });

  it('fails on truncated, oversized or trailing data with a SerializationError naming the topic', () => {
    const good = serde.serialize('t', { key: 'k', value: 1 })!;
    expect(() => serde.deserialize('store-x', good.subarray(0, 3))).toThrow(/store-x: truncated/);
    expect(() => serde.deserialize('t', good.subarray(0, good.length - 1))).toThrow(SerializationError);
    expect(() => serde.deserialize('t', Buffer.concat([good, Buffer.from([0])]))).toThrow(/1 trailing bytes/);
    const negative = Buffer.from(good);
    negative.writeInt32BE(-7, 0);
    expect(() => serde.deserialize('t', negative)).toThrow(/invalid length -7/);
  });
});
