import { Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { HealthContributor } from '../health/health-contributor.js';
import { KafkaProducerClient } from './kafka-producer.client.js';

/**
 * Readiness: down while the Kafka producer is being recreated after a failure (its sends are refused with 503
 * then); up once a new one is connected, and before the first send (the producer connects on first use; whether
 * Kafka answers is KafkaHealthIndicator's part).
 */
@Injectable()
export class KafkaProducerHealthIndicator implements HealthContributor {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly producer: KafkaProducerClient,
  ) {}

  async checkReadiness(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('kafkaProducer');
    const { state, failure } = this.producer;
    if (state === 'resetting' || state === 'closed') return check.down({ state, message: failure ?? state });
    return check.up({ state });
  }
}
