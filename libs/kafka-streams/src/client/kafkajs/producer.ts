import type { Message, Producer, TopicMessages } from 'kafkajs';
import type { OutgoingRecord, RecordProducer } from '../types.js';
import { toKafkajsHeaders } from './headers.js';

export class KafkajsRecordProducer implements RecordProducer {
  constructor(private readonly producer: Producer) {}

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  async send(records: ReadonlyArray<OutgoingRecord>): Promise<void> {
    if (records.length === 0) return;
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
    await this.producer.sendBatch({ topicMessages, acks: -1 });
  }
}
