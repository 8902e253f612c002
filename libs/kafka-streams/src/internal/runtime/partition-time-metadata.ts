// The partition time a task commits with each input offset, in Kafka Streams' format (TopicPartitionMetadata):
// base64 of a version byte (2) and the partition time as a big-endian int64, followed by processor metadata (none
// here). Java reads versions 1 and 2; so does this, so an application moved between the two keeps its stream time.
const LATEST_VERSION = 2;
const VERSION_WITH_TIME_ONLY = 1;
const UNKNOWN = -1;

export function encodePartitionTime(partitionTimeMs: number): string {
  const bytes = Buffer.alloc(9);
  bytes.writeInt8(LATEST_VERSION, 0);
  bytes.writeBigInt64BE(BigInt(partitionTimeMs), 1);
  return bytes.toString('base64');
}

/** The partition time in committed offset metadata; -1 (unknown) for empty, foreign or unreadable metadata. */
export function decodePartitionTime(metadata: string | undefined): number {
  if (!metadata) return UNKNOWN;
  const bytes = Buffer.from(metadata, 'base64');
  if (bytes.length < 9) return UNKNOWN;
  const version = bytes.readInt8(0);
  if (version !== VERSION_WITH_TIME_ONLY && version !== LATEST_VERSION) return UNKNOWN;
  return Number(bytes.readBigInt64BE(1));
}
