// Java-compatible key partitioning: org.apache.kafka.common.utils.Utils.murmur2 and toPositive, as used by
// Kafka's default partitioner for keyed records. Both the runtime and the test driver place records with it,
// so a key lands on the same partition as it would with a Java producer.

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/** Murmur2 of the bytes, as a signed 32-bit integer (same value as Java's Utils.murmur2). */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = (SEED ^ length) | 0;
  const blocks = length >>> 2;
  for (let i = 0; i < blocks; i++) {
    const at = i * 4;
    let k = data[at]! | (data[at + 1]! << 8) | (data[at + 2]! << 16) | (data[at + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }
  const tail = blocks * 4;
  const remaining = length & 3;
  if (remaining === 3) h ^= data[tail + 2]! << 16;
  if (remaining >= 2) h ^= data[tail + 1]! << 8;
  if (remaining >= 1) {
    h ^= data[tail]!;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Java's Utils.toPositive: clears the sign bit (not Math.abs, which overflows for MIN_VALUE). */
export const toPositive = (value: number): number => value & 0x7fffffff;

/** The partition Kafka's default partitioner picks for a non-null key. */
export function partitionForKey(keyBytes: Uint8Array, numPartitions: number): number {
  if (!Number.isInteger(numPartitions) || numPartitions < 1) {
    throw new RangeError(`numPartitions must be a positive integer, got ${numPartitions}`);
  }
  return toPositive(murmur2(keyBytes)) % numPartitions;
}
