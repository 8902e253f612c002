// Sizes in Kafka's record batch format (v2): the batch header, and a record's zig-zag varint fields. Shared by the
// Produce encoder and the check of a record against its topic's max.message.bytes.

/** The record batch header (base offset, length, leader epoch, magic, CRC, attributes ... record count). */
export const RECORD_BATCH_OVERHEAD_BYTES = 61;

/** Zig-zag, as a record's varint and varlong fields are; exact for any safe integer (arithmetic, not 32-bit ops). */
export function zigZag(value: number): number {
  return value >= 0 ? value * 2 : -value * 2 - 1;
}

export function unsignedVarIntSize(value: number): number {
  let size = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    size++;
  }
  return size;
}

/** A record's varint (or varlong) field. */
export function varIntSize(value: number): number {
  return unsignedVarIntSize(zigZag(value));
}

/** A length-prefixed field: the varint of its length (-1 for null: `undefined` here) and its bytes. */
export function bytesFieldSize(length: number | undefined): number {
  return length === undefined ? varIntSize(-1) : varIntSize(length) + length;
}
