// The partition time in committed offset metadata, in Kafka Streams' format (TopicPartitionMetadata).
import { describe, expect, it } from '@jest/globals';
import { decodePartitionTime, encodePartitionTime } from '../../../src/internal/runtime/partition-time-metadata.js';

describe('partition time offset metadata', () => {
  it("writes Java's version 2: base64 of 0x02 and the time as a big-endian int64, no processor metadata", () => {
    // bytes 02 00 00 00 00 00 03 0d 40
    expect(encodePartitionTime(200_000)).toBe('AgAAAAAAAw1A');
    expect(decodePartitionTime(encodePartitionTime(1_796_578_805_890))).toBe(1_796_578_805_890);
  });

  it("reads Java's version 1 and version 2 with processor metadata after the time", () => {
    expect(decodePartitionTime('AQAAAAAAAATS')).toBe(1234); // 01 + 1234
    const withProcessorMetadata = Buffer.concat([
      Buffer.from('AgAAAAAAAw1A', 'base64'),
      Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 0x6b, 0, 0, 0, 0, 0, 0, 0, 7]), // one entry: "k" -> 7
    ]).toString('base64');
    expect(decodePartitionTime(withProcessorMetadata)).toBe(200_000);
  });

  it('takes empty, foreign or unknown-version metadata as an unknown time (-1)', () => {
    expect(decodePartitionTime(undefined)).toBe(-1);
    expect(decodePartitionTime('')).toBe(-1);
    expect(decodePartitionTime('event-id-3')).toBe(-1);
    expect(decodePartitionTime(Buffer.from([3, 0, 0, 0, 0, 0, 0, 0, 1]).toString('base64'))).toBe(-1);
  });
});
