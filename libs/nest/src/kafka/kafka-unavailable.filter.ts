import { type ArgumentsHost, Catch, ServiceUnavailableException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { ServerResponse } from 'node:http';
import { KafkaUnavailableError } from './kafka-unavailable.error.js';

/** How long clients are asked to wait before retrying, in seconds. */
const RETRY_AFTER_SECONDS = 5;

/** Answers 503 with Retry-After when Kafka did not acknowledge in time. Register with APP_FILTER. */
@Catch(KafkaUnavailableError)
export class KafkaUnavailableFilter extends BaseExceptionFilter {
  override catch(error: KafkaUnavailableError, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<ServerResponse>().setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    super.catch(new ServiceUnavailableException(error.message, { cause: error }), host);
  }
}
