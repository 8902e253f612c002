// Encoding of input keys and values, decoding of output bytes into JSON-friendly forms (windowed keys as
// { key, start, end }), the same for both sides.
import type { Codec, Scalar } from './scenario.js';

export type Decoded = string | number | null | { key: Decoded; start: number; end: number };

export function encode(codec: Codec, value: Scalar): string | null {
  if (value === null) return null;
  switch (codec) {
    case 'string':
      return Buffer.from(String(value), 'utf8').toString('hex');
    case 'long': {
      const b = Buffer.alloc(8);
      b.writeBigInt64BE(BigInt(value));
      return b.toString('hex');
    }
    case 'int': {
      const b = Buffer.alloc(4);
      b.writeInt32BE(Number(value));
      return b.toString('hex');
    }
    default:
      throw new Error(`input codec ${codec} is not supported`);
  }
}

export function decode(codec: Codec, hex: string | null): Decoded {
  if (hex === null) return null;
  const b = Buffer.from(hex, 'hex');
  if (codec === 'string') return b.toString('utf8');
  if (codec === 'long') return b.length === 8 ? Number(b.readBigInt64BE(0)) : `<${b.length} bytes: ${hex}>`;
  if (codec === 'int') return b.length === 4 ? b.readInt32BE(0) : `<${b.length} bytes: ${hex}>`;
  if (codec === 'session-windowed') {
    if (b.length < 16) return `<${b.length} bytes: ${hex}>`;
    const end = Number(b.readBigInt64BE(b.length - 16));
    const start = Number(b.readBigInt64BE(b.length - 8));
    return { key: b.subarray(0, b.length - 16).toString('utf8'), start, end };
  }
  const size = Number(codec.slice('time-windowed:'.length));
  if (b.length < 8) return `<${b.length} bytes: ${hex}>`;
  const start = Number(b.readBigInt64BE(b.length - 8));
  return { key: b.subarray(0, b.length - 8).toString('utf8'), start, end: start + size };
}
