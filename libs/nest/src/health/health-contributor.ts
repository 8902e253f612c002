import type { HealthIndicatorResult } from '@nestjs/terminus';

/**
 * Something whose state decides a probe. Liveness failures restart the pod, so report only states the
 * process cannot leave by itself there; a dependency being away belongs to readiness.
 */
export interface HealthContributor {
  checkLiveness?(): Promise<HealthIndicatorResult>;
  checkReadiness?(): Promise<HealthIndicatorResult>;
}

export const HEALTH_CONTRIBUTORS = Symbol('HEALTH_CONTRIBUTORS');
