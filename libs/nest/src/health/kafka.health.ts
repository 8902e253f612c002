import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import kafkajs, { type Admin } from 'kafkajs';
import type { KafkaConnectionConfig } from '../config/service-config.schema.js';
import { kafkaClientConfig, kafkaConnectionOf } from '../kafka/kafka-client-config.js';
import { withTimeout } from '../kafka/with-timeout.js';
import type { HealthContributor } from './health-contributor.js';

const { Kafka, logLevel } = kafkajs;

/** Kept below typical probe timeouts, so a slow cluster reads as "down" instead of a probe timeout. */
export const KAFKA_HEALTH_TIMEOUT_MS = 2_000;

/**
 * Readiness: the cluster answers a metadata request within KAFKA_HEALTH_TIMEOUT_MS. Not part of liveness:
 * restarting the pod does not bring a broker back.
 */
@Injectable()
export class KafkaHealthIndicator implements HealthContributor, OnModuleDestroy {
  private readonly admin: Admin;

  constructor(
    private readonly indicators: HealthIndicatorService,
    config: ConfigService<KafkaConnectionConfig, true>,
  ) {
    const connection = kafkaClientConfig(kafkaConnectionOf(config), 'health');
    this.admin = new Kafka({
      ...connection,
      connectionTimeout: KAFKA_HEALTH_TIMEOUT_MS,
      requestTimeout: KAFKA_HEALTH_TIMEOUT_MS,
      retry: { retries: 0 },
      logLevel: logLevel.NOTHING,
    }).admin();
  }

  async checkReadiness(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('kafka');
    try {
      const cluster = await withTimeout(
        this.admin.connect().then(() => this.admin.describeCluster()),
        KAFKA_HEALTH_TIMEOUT_MS,
        () => new Error(`no metadata within ${KAFKA_HEALTH_TIMEOUT_MS} ms`),
      );
      return check.up({ brokers: cluster.brokers.length });
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.admin.disconnect();
  }
}
