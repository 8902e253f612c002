// How many bytes the fetch loop asks per partition. A fetched partition is decoded whole, into records that cost a
// few hundred bytes of heap each whatever their size, so a fixed byte size is the wrong measure: 256 KiB held some
// 10,000 records of the word count's repartition topic (about 25 bytes a record) per partition at once, and were
// most of the process's live heap. The fetch asks instead for about a number of records, at the record size the
// partition's last fetch showed. (Java's consumer keeps fetched bytes undecoded and decodes `max.poll.records` at a
// time, so its fixed `max.partition.fetch.bytes` costs it no heap per record.)
import type { RecordsBatch } from '@platformatic/kafka';

/**
 * About this many records per partition and fetch: what a partition's buffer holds before it counts as full (Java's
 * `buffered.records.per.partition`). 2,000 records and at least 64 KiB held 20-40 MiB more at the peak for the same
 * throughput.
 */
export const RECORDS_PER_FETCH = 1_000;
export const MIN_FETCH_BYTES = 16 * 1024;
export const MAX_FETCH_BYTES = 1024 * 1024;
/** A record batch's offset and length fields, before the bytes its length counts. */
const BATCH_LOG_OVERHEAD = 12;

/** The bytes to ask for one partition, from what its last fetch brought. */
export class PartitionFetchSize {
  private bytes = MIN_FETCH_BYTES;

  get(): number {
    return this.bytes;
  }

  /** Learns the partition's record size from a response's batches (ignored when they hold no record). */
  observe(batches: ReadonlyArray<RecordsBatch>): void {
    let bytes = 0;
    let records = 0;
    for (const batch of batches) {
      bytes += batch.length + BATCH_LOG_OVERHEAD;
      records += batch.records.length;
    }
    if (records === 0) return;
    const wanted = Math.ceil((bytes / records) * RECORDS_PER_FETCH);
    this.bytes = Math.min(MAX_FETCH_BYTES, Math.max(MIN_FETCH_BYTES, wanted));
  }
}
