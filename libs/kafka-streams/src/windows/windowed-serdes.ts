// Windowed keys on the wire, byte-compatible with Kafka Streams' TimeWindowedSerde and SessionWindowedSerde,
// so Java consumers can read our windowed topics and we can read theirs:
//   time window:    <serialized key> <start: int64 big-endian>                      (end = start + window size)
//   session window: <serialized key> <end: int64 big-endian> <start: int64 big-endian>
import type { Headers, MutableHeaders, Serde } from '../serde/serde.js';
import { windowed, type Windowed } from './window.js';

const LONG = 8;

function keyOf<K>(inner: Serde<K>, topic: string, data: Windowed<K>, headers?: MutableHeaders): Buffer {
  const key = inner.serialize(topic, data.key, headers);
  if (key === null) throw new Error(`windowed serde: the inner serde ${inner.name} serialized a key to null`);
  return key;
}

export function timeWindowedSerde<K>(inner: Serde<K>, windowSizeMs: number): Serde<Windowed<K>> {
  return {
    name: `TimeWindowed<${inner.name}>`,
    serialize(topic: string, data: Windowed<K>, headers?: MutableHeaders): Buffer {
      const key = keyOf(inner, topic, data, headers);
      const out = Buffer.alloc(key.length + LONG);
      key.copy(out);
      out.writeBigInt64BE(BigInt(data.window.startMs), key.length);
      return out;
    },
    deserialize(topic: string, data: Buffer | null, headers?: Headers): Windowed<K> {
      if (data === null || data.length < LONG)
        throw new Error(
          `TimeWindowed<${inner.name}>: ${data === null ? 'null' : `${data.length} bytes`} is not a windowed key`,
        );
      const keyEnd = data.length - LONG;
      const start = Number(data.readBigInt64BE(keyEnd));
      return windowed(inner.deserialize(topic, data.subarray(0, keyEnd), headers), start, start + windowSizeMs);
    },
  };
}

export function sessionWindowedSerde<K>(inner: Serde<K>): Serde<Windowed<K>> {
  return {
    name: `SessionWindowed<${inner.name}>`,
    serialize(topic: string, data: Windowed<K>, headers?: MutableHeaders): Buffer {
      const key = keyOf(inner, topic, data, headers);
      const out = Buffer.alloc(key.length + 2 * LONG);
      key.copy(out);
      out.writeBigInt64BE(BigInt(data.window.endMs), key.length);
      out.writeBigInt64BE(BigInt(data.window.startMs), key.length + LONG);
      return out;
    },
    deserialize(topic: string, data: Buffer | null, headers?: Headers): Windowed<K> {
      if (data === null || data.length < 2 * LONG)
        throw new Error(
          `SessionWindowed<${inner.name}>: ${data === null ? 'null' : `${data.length} bytes`} is not a session-windowed key`,
        );
      const keyEnd = data.length - 2 * LONG;
      const end = Number(data.readBigInt64BE(keyEnd));
      const start = Number(data.readBigInt64BE(keyEnd + LONG));
      return windowed(inner.deserialize(topic, data.subarray(0, keyEnd), headers), start, end);
    },
  };
}
