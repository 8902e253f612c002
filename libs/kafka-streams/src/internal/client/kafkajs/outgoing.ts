// Outgoing records as kafkajs produce requests, and what kafkajs answers as the offsets written (shared by the
// plain and the transactional producer).
import type { Message, ProducerBatch, RecordMetadata, TopicMessages } from 'kafkajs';
import type { OutgoingRecord, TopicPartitionOffset } from '../types.js';
import { toKafkajsHeaders } from './headers.js';

/**
 * Records per produce request at most: kafkajs' cost of one request grows faster than its size (50,000 small
 * records took 1.3 s in one request, 0.3 s in chunks of 5,000), and a big batch of input produces that much at once.
 */
const MAX_RECORDS_PER_REQUEST = 5_000;

/** Sends the records in requests of at most MAX_RECORDS_PER_REQUEST, one after the other; the offsets written. */
export async function sendInRequests(
  records: ReadonlyArray<OutgoingRecord>,
  sendBatch: (batch: ProducerBatch) => Promise<RecordMetadata[]>,
): Promise<TopicPartitionOffset[]> {
  const written = new Map<string, TopicPartitionOffset>();
  for (let start = 0; start < records.length; start += MAX_RECORDS_PER_REQUEST) {
    const chunk = records.slice(start, start + MAX_RECORDS_PER_REQUEST);
    const answer = await sendBatch({ topicMessages: toTopicMessages(chunk), acks: -1 });
    // A later request appends after an earlier one: its offset replaces the earlier one's.
    for (const offset of writtenOffsets(chunk, answer)) written.set(`${offset.topic}:${offset.partition}`, offset);
  }
  return [...written.values()];
}

function toTopicMessages(records: ReadonlyArray<OutgoingRecord>): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const record of records) {
    let messages = byTopic.get(record.topic);
    if (!messages) byTopic.set(record.topic, (messages = []));
    messages.push({
      key: record.key,
      value: record.value,
      partition: record.partition,
      timestamp: String(record.timestamp),
      headers: toKafkajsHeaders(record.headers),
    });
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

/** Per topic-partition written by one request, the offset after its last record. */
function writtenOffsets(
  records: ReadonlyArray<OutgoingRecord>,
  written: ReadonlyArray<RecordMetadata>,
): TopicPartitionOffset[] {
  // One produce request carries all records of a partition, appended contiguously from baseOffset.
  const counts = new Map<string, number>();
  for (const { topic, partition } of records) {
    counts.set(`${topic}:${partition}`, (counts.get(`${topic}:${partition}`) ?? 0) + 1);
  }
  return written.flatMap(({ topicName, partition, baseOffset }) => {
    const count = counts.get(`${topicName}:${partition}`);
    if (count === undefined || baseOffset === undefined) return [];
    return [{ topic: topicName, partition, offset: BigInt(baseOffset) + BigInt(count) }];
  });
}
