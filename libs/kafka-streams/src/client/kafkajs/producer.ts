import type { Message, Producer, TopicMessages } from 'kafkajs';
import type { OutgoingRecord, RecordProducer, TopicPartitionOffset } from '../types.js';
import { toKafkajsHeaders } from './headers.js';

export class KafkajsRecordProducer implements RecordProducer {
  constructor(private readonly producer: Producer) {}

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  async send(records: ReadonlyArray<OutgoingRecord>): Promise<TopicPartitionOffset[]> {
    if (records.length === 0) return [];
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
    const topicMessages: TopicMessages[] = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
    const written = await this.producer.sendBatch({ topicMessages, acks: -1 });
    // One produce request carries all records of a partition, appended contiguously from baseOffset.
    const counts = new Map<string, number>();
    for (const { topic, partition } of records)
      counts.set(`${topic}:${partition}`, (counts.get(`${topic}:${partition}`) ?? 0) + 1);
    return written.flatMap(({ topicName, partition, baseOffset }) => {
      const count = counts.get(`${topicName}:${partition}`);
      if (count === undefined || baseOffset === undefined) return [];
      return [{ topic: topicName, partition, offset: BigInt(baseOffset) + BigInt(count) }];
    });
  }
}
