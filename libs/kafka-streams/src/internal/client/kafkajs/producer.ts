import type { Producer } from 'kafkajs';
import type { OutgoingRecord, RecordProducer, TopicPartitionOffset } from '../types.js';
import { sendInRequests } from './outgoing.js';

export class KafkajsRecordProducer implements RecordProducer {
  constructor(private readonly producer: Producer) {}

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  send(records: ReadonlyArray<OutgoingRecord>): Promise<TopicPartitionOffset[]> {
    return sendInRequests(records, (batch) => this.producer.sendBatch(batch));
  }
}
