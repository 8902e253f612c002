// Outgoing records as @platformatic/kafka messages, sent in requests of bounded size, and the offsets written
// (shared by the plain and the transactional producer).
import type { MessageToProduce, ProduceResult } from '@platformatic/kafka';
import type { OutgoingRecord, TopicPartitionOffset } from '../types.js';
import { RECORD_BATCH_OVERHEAD_BYTES } from './record-batch-format.js';

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
    const result = await send(chunk.records.map(toMessage));
    // A later send appends after an earlier one: its offset replaces the earlier one's.
    for (const offset of writtenOffsets(chunk.batches, result))
      written.set(`${offset.topic}:${offset.partition}`, offset);
  }
  return [...written.values()];
}

/** One partition's batch in a send: how many records, and its bytes (with the batch header). */
interface BatchTally {
  records: number;
  bytes: number;
}

/**
 * The batches of one send, by topic then partition. Looked up for every record, so by the record's own topic
 * string and partition number rather than a key string made per record.
 */
class SendBatches {
  private readonly byTopic = new Map<string, Map<number, BatchTally>>();

  get(topic: string, partition: number): BatchTally | undefined {
    return this.byTopic.get(topic)?.get(partition);
  }

  add(topic: string, partition: number, bytes: number): void {
    let partitions = this.byTopic.get(topic);
    if (!partitions) this.byTopic.set(topic, (partitions = new Map()));
    const tally = partitions.get(partition);
    if (tally) {
      tally.records++;
      tally.bytes += bytes;
    } else partitions.set(partition, { records: 1, bytes: RECORD_BATCH_OVERHEAD_BYTES + bytes });
  }
}

/** Sends of at most MAX_BYTES_PER_SEND, in which no partition's batch outgrows its topic's limit. */
function* chunks(
  records: ReadonlyArray<OutgoingRecord>,
  maxBatchBytes: ReadonlyMap<string, number>,
): Generator<{ readonly records: OutgoingRecord[]; readonly batches: SendBatches }> {
  let chunk: OutgoingRecord[] = [];
  let bytes = 0;
  let batches = new SendBatches();
  for (const record of records) {
    const size = sizeOf(record);
    const batch = batches.get(record.topic, record.partition)?.bytes ?? RECORD_BATCH_OVERHEAD_BYTES;
    const limit = maxBatchBytes.get(record.topic) ?? Number.POSITIVE_INFINITY;
    if (chunk.length > 0 && (bytes + size > MAX_BYTES_PER_SEND || batch + size > limit)) {
      yield { records: chunk, batches };
      chunk = [];
      bytes = 0;
      batches = new SendBatches();
    }
    chunk.push(record);
    bytes += size;
    batches.add(record.topic, record.partition, size);
  }
  if (chunk.length > 0) yield { records: chunk, batches };
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
    // header keys (Kafka allows them) and their order. None: no Map (the producer makes its own per record anyway).
    headers:
      record.headers.length === 0
        ? undefined
        : new Map(record.headers.map(([key, value]) => [Buffer.from(key, 'utf8'), value] as const)),
  };
}

/** Per partition written by one send, the offset after its last record (one batch per partition per send). */
function writtenOffsets(batches: SendBatches, result: ProduceResult): TopicPartitionOffset[] {
  return (result.offsets ?? []).flatMap(({ topic, partition, offset }) => {
    const batch = batches.get(topic, partition);
    return batch === undefined ? [] : [{ topic, partition, offset: offset + BigInt(batch.records) }];
  });
}
