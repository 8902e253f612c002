import { type ArgumentsHost, Catch, InternalServerErrorException, ServiceUnavailableException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { StoreNotAvailableError } from '@streamkit/kafka-streams';
import type { ServerResponse } from 'node:http';

/** How long clients are asked to wait before retrying, in seconds. */
const RETRY_AFTER_SECONDS = 5;

/**
 * A store that is not queryable yet (bootstrapping, or the app is not running) answers 503 with the reason
 * and Retry-After. An unknown store or one of the wrong kind is a bug of this service: 500.
 */
@Catch(StoreNotAvailableError)
export class StoreNotAvailableFilter extends BaseExceptionFilter {
  override catch(error: StoreNotAvailableError, host: ArgumentsHost): void {
    if (error.reason !== 'not-running') {
      return super.catch(new InternalServerErrorException(undefined, { cause: error }), host);
    }
    host.switchToHttp().getResponse<ServerResponse>().setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    const body = { statusCode: 503, error: 'Service Unavailable', message: error.message, reason: 'bootstrapping' };
    super.catch(new ServiceUnavailableException(body, { cause: error }), host);
  }
}
