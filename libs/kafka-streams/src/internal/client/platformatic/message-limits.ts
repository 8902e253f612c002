// The size a broker checks a record batch against (a topic's max.message.bytes), and what one record weighs in a
// batch of its own. A transactional producer must not let the broker refuse a batch for its size: the refused batch
// has used up sequence numbers the broker never saw, so every later send to its partition in the transaction fails
// (OUT_OF_ORDER_SEQUENCE_NUMBER). Records too large alone are refused here, before they are sent.
import { ConfigResourceTypes, describeConfigsV4 } from '@platformatic/kafka';
import type { OutgoingRecord } from '../types.js';
import type { ClusterConnection } from './connection.js';
import { bytesFieldSize, RECORD_BATCH_OVERHEAD_BYTES, varIntSize } from './record-batch-format.js';

/** Bytes of `record` in a record batch (v2) of its own, uncompressed: exactly what the broker compares. */
export function singleRecordBatchBytes(record: OutgoingRecord): number {
  let body = 1 + 1 + 1; // attributes, timestamp delta 0, offset delta 0
  body += bytesFieldSize(record.key?.length) + bytesFieldSize(record.value?.length);
  body += varIntSize(record.headers.length);
  for (const [key, value] of record.headers)
    body += bytesFieldSize(Buffer.byteLength(key, 'utf8')) + bytesFieldSize(value.length);
  return RECORD_BATCH_OVERHEAD_BYTES + varIntSize(body) + body;
}

/** Each topic's max.message.bytes (its own, or the broker's default), read once per topic. */
export class TopicMessageLimits {
  private readonly known = new Map<string, number>();

  constructor(private readonly cluster: ClusterConnection) {}

  /** The limits of the records' topics (and of every topic asked about before). */
  async of(records: Iterable<{ readonly topic: string }>): Promise<ReadonlyMap<string, number>> {
    let missing: Set<string> | undefined;
    for (const { topic } of records) if (!this.known.has(topic)) (missing ??= new Set()).add(topic);
    if (missing !== undefined) {
      const response = await describeConfigsV4.api.async(
        await this.cluster.any(),
        [...missing].map((resourceName) => ({
          resourceType: ConfigResourceTypes.TOPIC,
          resourceName,
          configurationKeys: ['max.message.bytes'],
        })),
        false,
        false,
      );
      for (const { resourceName, configs } of response.results) {
        const value = Number(configs.find((config) => config.name === 'max.message.bytes')?.value);
        if (Number.isSafeInteger(value) && value > 0) this.known.set(resourceName, value);
      }
    }
    return this.known;
  }
}
