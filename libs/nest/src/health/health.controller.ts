import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, type HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { HEALTH_CONTRIBUTORS, type HealthContributor } from './health-contributor.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    @Inject(HEALTH_CONTRIBUTORS) private readonly contributors: HealthContributor[],
  ) {}

  /** 200 while the process can make progress; 503 means "restart me". */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check(this.contributors.flatMap((c) => (c.checkLiveness ? [() => c.checkLiveness!()] : [])));
  }

  /** 200 when the service can do its job now; 503 takes it out of the load balancer. */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check(this.contributors.flatMap((c) => (c.checkReadiness ? [() => c.checkReadiness!()] : [])));
  }
}
