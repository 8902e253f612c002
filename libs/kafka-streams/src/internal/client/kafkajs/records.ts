// kafkajs messages as the engine's ConsumedRecords.
import type { Batch } from 'kafkajs';
import type { ConsumedRecord } from '../../engine/contracts.js';
import { fromKafkajsHeaders } from './headers.js';

/** The batch's records, only those before `endOffset` when given. */
export function consumedRecords(batch: Batch, endOffset?: bigint): ConsumedRecord[] {
  const records: ConsumedRecord[] = [];
  for (const message of batch.messages) {
    const offset = BigInt(message.offset);
    if (endOffset !== undefined && offset >= endOffset) break;
    records.push({
      topic: batch.topic,
      partition: batch.partition,
      offset,
      timestamp: Number(message.timestamp),
      key: message.key ?? null,
      value: message.value ?? null,
      headers: fromKafkajsHeaders(message.headers),
    });
  }
  return records;
}
