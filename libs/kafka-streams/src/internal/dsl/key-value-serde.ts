// A serde for a key-value pair, such as the selection KTable.groupBy last sent for a source key: the key's
// bytes, then the value's, each after a 4-byte big-endian length (-1 when the serde writes null).
import { SerializationError } from '../../errors/exceptions.js';
import type { Serde } from '../../serde/serde.js';
import type { KeyValue } from '../../state/store.js';

export function keyValueSerde<K, V>(keySerde: Serde<K>, valueSerde: Serde<V>): Serde<KeyValue<K, V>> {
  return {
    name: `KeyValue<${keySerde.name}, ${valueSerde.name}>`,
    serialize: (topic, pair) => {
      if (pair === null || pair === undefined) return null;
      return Buffer.concat([
        ...framed(keySerde.serialize(topic, pair.key)),
        ...framed(valueSerde.serialize(topic, pair.value)),
      ]);
    },
    deserialize: (topic, data) => {
      if (data === null) return null as unknown as KeyValue<K, V>;
      const key = unframe(topic, data, 0);
      const value = unframe(topic, data, key.end);
      if (value.end !== data.length) {
        throw new SerializationError(`KeyValue deserializer on ${topic}: ${data.length - value.end} trailing bytes`);
      }
      return { key: keySerde.deserialize(topic, key.bytes), value: valueSerde.deserialize(topic, value.bytes) };
    },
  };
}

function framed(bytes: Buffer | null): Buffer[] {
  const length = Buffer.alloc(4);
  length.writeInt32BE(bytes === null ? -1 : bytes.length);
  return bytes === null ? [length] : [length, bytes];
}

function unframe(topic: string, data: Buffer, offset: number): { bytes: Buffer | null; end: number } {
  if (data.length < offset + 4) throw new SerializationError(`KeyValue deserializer on ${topic}: truncated data`);
  const length = data.readInt32BE(offset);
  if (length === -1) return { bytes: null, end: offset + 4 };
  const end = offset + 4 + length;
  if (length < 0 || end > data.length) {
    throw new SerializationError(`KeyValue deserializer on ${topic}: invalid length ${length}`);
  }
  return { bytes: data.subarray(offset + 4, end), end };
}
