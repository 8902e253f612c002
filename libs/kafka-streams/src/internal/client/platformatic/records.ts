// Fetched record batches of one partition as the engine's ConsumedRecords.
import type { RecordsBatch } from '@platformatic/kafka';
import type { ConsumedRecord } from '../../engine/contracts.js';
import type { MutableHeaders } from '../../../serde/serde.js';
import type { ReadCommittedFilter } from './read-committed.js';

/** Attributes bit 3: the batch's timestamps are the broker's append time (maxTimestamp), not the producer's. */
const LOG_APPEND_TIME = 0x08;
const CONTROL = 0x20;
const EMPTY = Buffer.alloc(0);

export interface DecodedPartition {
  readonly records: ConsumedRecord[];
  /** After the last batch read (also past control batches, aborted and compacted-away records). */
  readonly nextOffset: bigint;
}

/**
 * The records at or after `position` (a fetch may return a batch that starts before it) and before `endOffset` when
 * given; `filter` drops aborted transactions (read_committed), control batches are always dropped.
 */
export function decodeBatches(
  topic: string,
  partition: number,
  batches: ReadonlyArray<RecordsBatch>,
  position: bigint,
  filter: ReadCommittedFilter | undefined,
  endOffset?: bigint,
): DecodedPartition {
  const records: ConsumedRecord[] = [];
  let nextOffset = position;
  for (const batch of batches) {
    const lastOffset = batch.firstOffset + BigInt(batch.lastOffsetDelta);
    if (lastOffset < position) continue;
    nextOffset = lastOffset + 1n;
    const decision = filter ? filter.decide(batch) : (batch.attributes & CONTROL) !== 0 ? 'skip' : 'deliver';
    if (decision === 'skip') continue;
    const logAppendTime = (batch.attributes & LOG_APPEND_TIME) !== 0;
    for (const record of batch.records) {
      const offset = batch.firstOffset + BigInt(record.offsetDelta);
      if (offset < position) continue;
      if (endOffset !== undefined && offset >= endOffset) break;
      records.push({
        topic,
        partition,
        offset,
        timestamp: Number(logAppendTime ? batch.maxTimestamp : batch.firstTimestamp + record.timestampDelta),
        key: record.key,
        value: record.value,
        headers: headersOf(record.headers),
      });
    }
  }
  return { records, nextOffset };
}

function headersOf(pairs: ReadonlyArray<[Buffer | null, Buffer | null]>): MutableHeaders {
  const headers: MutableHeaders = [];
  for (const [key, value] of pairs) if (key !== null) headers.push([key.toString('utf8'), value ?? EMPTY]);
  return headers;
}
