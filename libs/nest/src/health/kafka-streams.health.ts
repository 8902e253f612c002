import { Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { KafkaStreams } from '@streamkit/kafka-streams';
import type { HealthContributor } from './health-contributor.js';

/**
 * The streams app's own health (`streams.health()`). Readiness: RUNNING with every active task restored and the
 * global stores bootstrapped, so every store it owns answers queries (not while starting, rebalancing or
 * restoring). Liveness: not in (PENDING_)ERROR, the one state it cannot leave without a restart.
 */
@Injectable()
export class KafkaStreamsHealthIndicator implements HealthContributor {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly streams: KafkaStreams,
  ) {}

  async checkReadiness(): Promise<HealthIndicatorResult> {
    const { state } = this.streams;
    const { ready, reason } = this.streams.health();
    const activeTasks = this.streams.activeTasks().length;
    const check = this.indicators.check('kafkaStreams');
    if (ready) return check.up({ state, activeTasks });
    return check.down({ state, activeTasks, restoringTasks: this.streams.restoringTasks(), message: reason });
  }

  async checkLiveness(): Promise<HealthIndicatorResult> {
    const { state } = this.streams;
    const { live, reason } = this.streams.health();
    const check = this.indicators.check('kafkaStreams');
    return live ? check.up({ state }) : check.down({ state, message: reason });
  }
}
