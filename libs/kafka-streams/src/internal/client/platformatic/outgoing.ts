// Outgoing records as @platformatic/kafka messages, sent in requests of bounded size, and the offsets written
// (shared by the plain and the transactional producer).
import type { MessageToProduce, ProduceResult } from '@platformatic/kafka';
import type { OutgoingRecord, TopicPartitionOffset } from '../types.js';
import { RECORD_BATCH_OVERHEAD_BYTES } from './message-limits.js';

/**
 * Payload bytes per send at most: each send puts one batch per partition in its produce request, and a batch must
 * stay under the broker's message.max.bytes (1 MiB by default).
 */
const MAX_BYTES_PER_SEND = 512 * 1024;
const RECORD_OVERHEAD_BYTES = 32;

/**
 * Runs sends one at a time. A transaction's send first adds the partitions it writes to the transaction, and
 * @platformatic/kafka deduplicates concurrent AddPartitionsToTxn calls under one key (`kPerformDeduplicated`): a second
 * send's partitions would ride on the first one's request and never be added. The runtime's task collectors flush
 * concurrently, so the transactional producer queues its sends.
 */
export class SendQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(send: () => Promise<T>): Promise<T> {
    const next = this.tail.then(send, send);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

/**
 * Sends the records in bounded sends, one after the other; the offset after the last record per partition.
 * `maxBatchBytes`: per topic, the largest batch its broker accepts (max.message.bytes), when known.
 */
export async function sendInRequests(
  records: ReadonlyArray<OutgoingRecord>,
  send: (messages: MessageToProduce[]) => Promise<ProduceResult>,
  maxBatchBytes: ReadonlyMap<string, number> = new Map(),
): Promise<TopicPartitionOffset[]> {
  const written = new Map<string, TopicPartitionOffset>();
  for (const chunk of chunks(records, maxBatchBytes)) {
    const result = await send(chunk.map(toMessage));
    // A later send appends after an earlier one: its offset replaces the earlier one's.
    for (const offset of writtenOffsets(chunk, result)) written.set(`${offset.topic}:${offset.partition}`, offset);
  }
  return [...written.values()];
}

/** Sends of at most MAX_BYTES_PER_SEND, in which no partition's batch outgrows its topic's limit. */
function* chunks(
  records: ReadonlyArray<OutgoingRecord>,
  maxBatchBytes: ReadonlyMap<string, number>,
): Generator<OutgoingRecord[]> {
  let chunk: OutgoingRecord[] = [];
  let bytes = 0;
  let batches = new Map<string, number>();
  for (const record of records) {
    const size = sizeOf(record);
    const partition = `${record.topic}:${record.partition}`;
    const batch = batches.get(partition) ?? RECORD_BATCH_OVERHEAD_BYTES;
    const limit = maxBatchBytes.get(record.topic) ?? Number.POSITIVE_INFINITY;
    if (chunk.length > 0 && (bytes + size > MAX_BYTES_PER_SEND || batch + size > limit)) {
      yield chunk;
      chunk = [];
      bytes = 0;
      batches = new Map();
    }
    chunk.push(record);
    bytes += size;
    batches.set(partition, (batches.get(partition) ?? RECORD_BATCH_OVERHEAD_BYTES) + size);
  }
  if (chunk.length > 0) yield chunk;
}

function sizeOf(record: OutgoingRecord): number {
  let size = RECORD_OVERHEAD_BYTES + (record.key?.length ?? 0) + (record.value?.length ?? 0);
  for (const [key, value] of record.headers) size += key.length + value.length + 4;
  return size;
}

function toMessage(record: OutgoingRecord): MessageToProduce {
  return {
    topic: record.topic,
    partition: record.partition,
    // The producer's schema requires a `value` property; null is a tombstone on the wire (length -1), as is a null key.
    key: record.key as Buffer,
    value: record.value as Buffer,
    timestamp: BigInt(record.timestamp),
    // The producer copies headers into a Map keyed by the serialized key: a Buffer object per pair keeps repeated
    // header keys (Kafka allows them) and their order.
    headers: new Map(record.headers.map(([key, value]) => [Buffer.from(key, 'utf8'), value] as const)),
  };
}

/** Per partition written by one send, the offset after its last record (one batch per partition per send). */
function writtenOffsets(records: ReadonlyArray<OutgoingRecord>, result: ProduceResult): TopicPartitionOffset[] {
  const counts = new Map<string, number>();
  for (const { topic, partition } of records)
    counts.set(`${topic}:${partition}`, (counts.get(`${topic}:${partition}`) ?? 0) + 1);
  return (result.offsets ?? []).flatMap(({ topic, partition, offset }) => {
    const count = counts.get(`${topic}:${partition}`);
    return count === undefined ? [] : [{ topic, partition, offset: offset + BigInt(count) }];
  });
}
