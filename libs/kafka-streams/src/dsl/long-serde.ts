// Counts are JavaScript numbers written as Java longs (8-byte big-endian), so Java reads them as Long.
import { SerializationError } from '../errors/exceptions.js';
import type { Serde } from '../serde/serde.js';

export const longAsNumberSerde = (): Serde<number> => ({
  name: 'Long',
  serialize: (_topic, data) => {
    if (data === null || data === undefined) return null;
    const out = Buffer.alloc(8);
    out.writeBigInt64BE(BigInt(data));
    return out;
  },
  deserialize: (topic, data) => {
    if (data === null) return null as unknown as number;
    if (data.length !== 8)
      throw new SerializationError(`Long deserializer on topic ${topic}: expected 8 bytes, got ${data.length}`);
    return Number(data.readBigInt64BE());
  },
});
