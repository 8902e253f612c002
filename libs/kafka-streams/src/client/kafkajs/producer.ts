import type { Producer } from 'kafkajs';
import type { OutgoingRecord, RecordProducer, TopicPartitionOffset } from '../types.js';
import { toTopicMessages, writtenOffsets } from './outgoing.js';

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
    const written = await this.producer.sendBatch({ topicMessages: toTopicMessages(records), acks: -1 });
    return writtenOffsets(records, written);
  }
}
