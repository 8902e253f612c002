// The plain (idempotent, acks=all) producer on @platformatic/kafka's Producer.
import type { Producer } from '@platformatic/kafka';
import { ClientProducer } from './client-api-versions.js';
import type { ClientConnectionOptions, OutgoingRecord, RecordProducer, TopicPartitionOffset } from '../types.js';
import { baseOptions } from './connection.js';
import { sendInRequests } from './outgoing.js';

export class PlatformaticRecordProducer implements RecordProducer {
  private readonly producer: Producer;

  constructor(options: ClientConnectionOptions) {
    this.producer = new ClientProducer({ ...baseOptions(options), idempotent: true, autocreateTopics: false });
  }

  async connect(): Promise<void> {
    await this.producer.metadata({ topics: [] });
  }

  async disconnect(): Promise<void> {
    if (!this.producer.closed) await this.producer.close();
  }

  send(records: ReadonlyArray<OutgoingRecord>): Promise<TopicPartitionOffset[]> {
    if (records.length === 0) return Promise.resolve([]);
    return sendInRequests(records, (messages) => this.producer.send({ messages }));
  }
}
