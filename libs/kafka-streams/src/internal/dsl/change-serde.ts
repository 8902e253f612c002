// The serde of a KGroupedTable's repartition topic: one record carries a row's withdrawn (old) and added (new)
// selection, so an update that keeps its group is subtracted and added in one step, as in Java.
// Layout: a marker byte, a flags byte (1: has new, 2: has old), the new value's length (int32 big endian, when
// present), the new value's bytes, then the old value's bytes.
import { StreamsError } from '../../errors/exceptions.js';
import type { Serde } from '../../serde/serde.js';
import type { Change } from './processors/table-change.js';

const MARKER = 0xc4;
const HAS_NEW = 1;
const HAS_OLD = 2;
const HEADER_BYTES = 2;
const LENGTH_BYTES = 4;

export function changeSerde<V>(inner: Serde<V>): Serde<Change<V>> {
  const bytesOf = (topic: string, value: V | null): Buffer | null =>
    value === null ? null : inner.serialize(topic, value);
  return {
    name: `Change<${inner.name}>`,
    serialize(topic, { newValue, oldValue }) {
      const added = bytesOf(topic, newValue);
      const withdrawn = bytesOf(topic, oldValue);
      const flags = (added === null ? 0 : HAS_NEW) | (withdrawn === null ? 0 : HAS_OLD);
      const length = Buffer.alloc(added === null ? 0 : LENGTH_BYTES);
      if (added !== null) length.writeInt32BE(added.length);
      return Buffer.concat([
        Buffer.from([MARKER, flags]),
        length,
        added ?? Buffer.alloc(0),
        withdrawn ?? Buffer.alloc(0),
      ]);
    },
    deserialize(topic, data) {
      if (data === null || data.length < HEADER_BYTES || data[0] !== MARKER) {
        throw new StreamsError(
          `A KGroupedTable aggregation read a record from ${topic} that its groupBy did not write ` +
            '(only the groupBy may write to its repartition topic)',
        );
      }
      const flags = data[1]!;
      let offset = HEADER_BYTES;
      let newValue: V | null = null;
      if ((flags & HAS_NEW) !== 0) {
        const length = data.readInt32BE(offset);
        offset += LENGTH_BYTES;
        newValue = inner.deserialize(topic, data.subarray(offset, offset + length));
        offset += length;
      }
      const oldValue = (flags & HAS_OLD) !== 0 ? inner.deserialize(topic, data.subarray(offset)) : null;
      return { newValue, oldValue };
    },
  };
}
