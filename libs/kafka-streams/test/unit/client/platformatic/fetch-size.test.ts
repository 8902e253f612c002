// What the fetch loop asks per partition: about RECORDS_PER_FETCH records at the record size of the partition's
// last response, within 16 KiB and 1 MiB. The batches are real ones, encoded and read back by @platformatic/kafka.
import { describe, expect, it } from '@jest/globals';
import { createRecordsBatch, Reader, readRecordsBatches, type RecordsBatch } from '@platformatic/kafka';
import {
  MAX_FETCH_BYTES,
  MIN_FETCH_BYTES,
  PartitionFetchSize,
  RECORDS_PER_FETCH,
} from '../../../../src/internal/client/platformatic/fetch-size.js';

function batchOf(records: number, valueBytes: number): RecordsBatch {
  const messages = Array.from({ length: records }, (_, i) => ({
    topic: 't',
    key: Buffer.from(`k${i}`),
    value: Buffer.alloc(valueBytes, 1),
  }));
  const [batch] = readRecordsBatches(Reader.from(createRecordsBatch(messages).buffer));
  return batch!;
}

const bytesOf = (batches: RecordsBatch[]) => batches.reduce((sum, b) => sum + b.length + 12, 0);
const recordsOf = (batches: RecordsBatch[]) => batches.reduce((sum, b) => sum + b.records.length, 0);

describe('PartitionFetchSize', () => {
  it('starts at the smallest size, before it has seen a record', () => {
    const size = new PartitionFetchSize();
    expect(size.get()).toBe(MIN_FETCH_BYTES);
    size.observe([]);
    expect(size.get()).toBe(MIN_FETCH_BYTES);
  });

  it('asks for about RECORDS_PER_FETCH records at the size the last response showed', () => {
    const size = new PartitionFetchSize();
    const batches = [batchOf(100, 200), batchOf(50, 200)]; // ~215 bytes a record: ~215 KB for 1,000
    size.observe(batches);
    const perRecord = bytesOf(batches) / recordsOf(batches);
    expect(size.get()).toBe(Math.ceil(perRecord * RECORDS_PER_FETCH));
    expect(size.get()).toBeGreaterThan(200_000);
    expect(size.get()).toBeLessThan(230_000);
  });

  it('keeps small records at 16 KiB and large ones at 1 MiB', () => {
    const size = new PartitionFetchSize();
    size.observe([batchOf(500, 1)]); // ~11 bytes a record: 11 KB for 1,000, below the floor
    expect(size.get()).toBe(MIN_FETCH_BYTES);
    size.observe([batchOf(10, 10_000)]); // 10 KB a record
    expect(size.get()).toBe(MAX_FETCH_BYTES);
  });

  it('follows the record size when it changes, and ignores a response without records', () => {
    const size = new PartitionFetchSize();
    size.observe([batchOf(20, 1_000)]);
    const large = size.get();
    size.observe([batchOf(200, 100)]);
    expect(size.get()).toBeLessThan(large);
    const medium = size.get();
    expect(medium).toBeGreaterThan(MIN_FETCH_BYTES);
    size.observe([]);
    expect(size.get()).toBe(medium);
  });
});
