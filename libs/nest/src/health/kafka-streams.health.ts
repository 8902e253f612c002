import { Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { KafkaStreams } from '@streamkit/kafka-streams';
import type { HealthContributor } from './health-contributor.js';

/**
 * Readiness: the streams app is RUNNING (not while rebalancing or starting). Liveness: it is not in
 * ERROR, the one state it cannot leave without a restart.
 */
@Injectable()
export class KafkaStreamsHealthIndicator implements HealthContributor {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly streams: KafkaStreams,
  ) {}

  async checkReadiness(): Promise<HealthIndicatorResult> {
    const { state } = this.streams;
    const check = this.indicators.check('kafkaStreams');
    return state === 'RUNNING' ? check.up({ state }) : check.down({ state });
  }

  async checkLiveness(): Promise<HealthIndicatorResult> {
    const { state } = this.streams;
    const check = this.indicators.check('kafkaStreams');
    if (state !== 'ERROR' && state !== 'PENDING_ERROR') return check.up({ state });
    return check.down({ state, message: this.streams.error?.message ?? 'stopped by an error' });
  }
}
