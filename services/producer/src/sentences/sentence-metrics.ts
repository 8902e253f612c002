import { Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';

@Injectable()
export class SentenceMetrics {
  /** Sentences Kafka acknowledged: the service's throughput, and what a 202 promised. */
  readonly accepted: Counter;

  constructor(registry: Registry) {
    this.accepted = new Counter({
      name: 'producer_sentences_accepted_total',
      help: 'Sentences acknowledged by Kafka',
      registers: [registry],
    });
  }
}
