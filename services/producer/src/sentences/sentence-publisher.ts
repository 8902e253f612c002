import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { KafkaProducerClient } from '@streamkit/nest';
import type { ProducerConfig } from '../config.js';
import { SentenceMetrics } from './sentence-metrics.js';

/**
 * Kafka refuses a record batch over `max.message.bytes` (1 MiB by default), so sends are cut well below it.
 */
export const MAX_SEND_BYTES = 512 * 1024;

/**
 * Publishes sentences to SENTENCES_TOPIC, one record per sentence, value = the text (UTF-8), key = null:
 * sentences have no identity to partition or compact by, so null keys spread them evenly over the
 * partitions (downstream re-keys by word anyway).
 */
@Injectable()
export class SentencePublisher {
  private readonly topic: string;

  constructor(
    private readonly kafka: KafkaProducerClient,
    private readonly metrics: SentenceMetrics,
    config: ConfigService<ProducerConfig, true>,
  ) {
    this.topic = config.get('SENTENCES_TOPIC', { infer: true });
  }

  /** Resolves once Kafka acknowledged every sentence; rejects with KafkaUnavailableError if it does not in time. */
  async publish(texts: ReadonlyArray<string>): Promise<void> {
    for (const chunk of chunksOfAtMost(texts, MAX_SEND_BYTES)) {
      await this.kafka.produce(
        this.topic,
        chunk.map((value) => ({ key: null, value })),
      );
      this.metrics.accepted.inc(chunk.length);
    }
  }
}

function* chunksOfAtMost(texts: ReadonlyArray<string>, maxBytes: number): Generator<string[]> {
  let chunk: string[] = [];
  let bytes = 0;
  for (const text of texts) {
    const size = Buffer.byteLength(text);
    if (chunk.length > 0 && bytes + size > maxBytes) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(text);
    bytes += size;
  }
  if (chunk.length > 0) yield chunk;
}
