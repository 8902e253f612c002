import { Injectable, Logger, type LoggerService } from '@nestjs/common';

/**
 * Terminus' logger: a failed probe is a warning, not an error. Readiness fails as a matter of course while a
 * service starts, restores or rebalances; the 503 answer carries the details.
 */
@Injectable()
export class HealthCheckLogger implements LoggerService {
  private readonly logger = new Logger('Health');

  log(message: unknown): void {
    this.logger.log(message);
  }

  error(message: unknown): void {
    this.logger.warn(message);
  }

  warn(message: unknown): void {
    this.logger.warn(message);
  }
}
