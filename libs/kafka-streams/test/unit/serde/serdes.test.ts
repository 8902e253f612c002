import { describe, it, expect } from '@jest/globals';
import { z } from 'zod';
import { Serdes, SerializationError } from '../../../src/index.js';

const hex = (b: Buffer | null): string | null => (b === null ? null : b.toString('hex'));

describe('Serdes (Java byte layouts)', () => {
  it('String is UTF-8', () => {
    const serde = Serdes.String();
    expect(hex(serde.serialize('t', 'héllo'))).toBe(Buffer.from('héllo', 'utf8').toString('hex'));
    expect(serde.deserialize('t', Buffer.from('c3a9', 'hex'))).toBe('é');
  });

  it('Int32 is 4-byte big-endian two-complement', () => {
    const serde = Serdes.Int32();
    expect(hex(serde.serialize('t', 1))).toBe('00000001');
    expect(hex(serde.serialize('t', -1))).toBe('ffffffff');
    expect(hex(serde.serialize('t', 0x12345678))).toBe('12345678');
    expect(hex(serde.serialize('t', -2147483648))).toBe('80000000');
    expect(serde.deserialize('t', Buffer.from('fffffffe', 'hex'))).toBe(-2);
    expect(() => serde.serialize('t', 2 ** 31)).toThrow(SerializationError);
    expect(() => serde.serialize('t', 1.5)).toThrow(/not a 32-bit integer/);
    expect(() => serde.deserialize('t', Buffer.from('0001', 'hex'))).toThrow(/expected 4 bytes, got 2/);
  });

  it('Int64 is 8-byte big-endian, as bigint', () => {
    const serde = Serdes.Int64();
    expect(hex(serde.serialize('t', 1n))).toBe('0000000000000001');
    expect(hex(serde.serialize('t', -1n))).toBe('ffffffffffffffff');
    expect(hex(serde.serialize('t', 9223372036854775807n))).toBe('7fffffffffffffff');
    expect(serde.deserialize('t', Buffer.from('8000000000000000', 'hex'))).toBe(-9223372036854775808n);
    expect(() => serde.serialize('t', 2n ** 63n)).toThrow(/does not fit/);
  });

  it('Double is IEEE 754 big-endian (Double.doubleToLongBits)', () => {
    const serde = Serdes.Double();
    expect(hex(serde.serialize('t', 1.0))).toBe('3ff0000000000000');
    expect(hex(serde.serialize('t', -2.5))).toBe('c004000000000000');
    expect(hex(serde.serialize('t', Number.NaN))).toBe('7ff8000000000000');
    expect(serde.deserialize('t', Buffer.from('400921fb54442d18', 'hex'))).toBe(Math.PI);
  });

  it('Bytes passes buffers through, Void accepts only null', () => {
    const raw = Buffer.from([1, 2, 3]);
    expect(Serdes.Bytes().serialize('t', raw)).toBe(raw);
    expect(Serdes.Void().serialize('t', null)).toBeNull();
    expect(Serdes.Void().deserialize('t', null)).toBeNull();
    expect(() => Serdes.Void().deserialize('t', raw)).toThrow(/must be null/);
  });

  it('null bytes stay null, as in Java', () => {
    expect(Serdes.String().serialize('t', null as unknown as string)).toBeNull();
    expect(Serdes.Int32().deserialize('t', null)).toBeNull();
  });

  it('Json validates with a schema and explains failures', () => {
    const serde = Serdes.Json(z.object({ id: z.number(), name: z.string() }));
    const bytes = serde.serialize('orders', { id: 1, name: 'a' });
    expect(bytes?.toString()).toBe('{"id":1,"name":"a"}');
    expect(serde.deserialize('orders', bytes)).toEqual({ id: 1, name: 'a' });
    expect(() => serde.deserialize('orders', Buffer.from('{"id":"x"}'))).toThrow(
      /Json deserializer on topic orders: value does not match the schema/,
    );
    expect(() => serde.deserialize('orders', Buffer.from('{nope'))).toThrow(/invalid JSON/);
    expect(Serdes.Json<{ a: number }>().deserialize('t', Buffer.from('{"a":2}'))).toEqual({ a: 2 });
  });
});
