import { Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { KafkaStreams } from '@streamkit/kafka-streams';
import type { HealthContributor } from './health-contributor.js';

/**
 * Readiness: the streams app is RUNNING and none of its tasks is still restoring, so every store it owns
 * answers queries (not while starting, rebalancing or restoring). Liveness: it is not in (PENDING_)ERROR,
 * the one state it cannot leave without a restart.
 */
@Injectable()
export class KafkaStreamsHealthIndicator implements HealthContributor {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly streams: KafkaStreams,
  ) {}

  async checkReadiness(): Promise<HealthIndicatorResult> {
    const { state } = this.streams;
    const restoringTasks = this.streams.restoringTasks();
    const activeTasks = this.streams.activeTasks().length;
    const check = this.indicators.check('kafkaStreams');
    if (state === 'RUNNING' && restoringTasks.length === 0) return check.up({ state, activeTasks });
    const message = restoringTasks.length > 0 ? `restoring ${restoringTasks.length} task(s)` : `state is ${state}`;
    return check.down({ state, activeTasks, restoringTasks, message });
  }

  async checkLiveness(): Promise<HealthIndicatorResult> {
    const { state } = this.streams;
    const check = this.indicators.check('kafkaStreams');
    if (state !== 'ERROR' && state !== 'PENDING_ERROR') return check.up({ state });
    return check.down({ state, message: this.streams.error?.message ?? 'stopped by an error' });
  }
}
