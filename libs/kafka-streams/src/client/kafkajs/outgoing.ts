// Outgoing records as kafkajs produce requests, and what kafkajs answers as the offsets written (shared by the
// plain and the transactional producer).
import type { Message, RecordMetadata, TopicMessages } from 'kafkajs';
import type { OutgoingRecord, TopicPartitionOffset } from '../types.js';
import { toKafkajsHeaders } from './headers.js';

export function toTopicMessages(records: ReadonlyArray<OutgoingRecord>): TopicMessages[] {
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

/** Per topic-partition written, the offset after its last record. */
export function writtenOffsets(
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
