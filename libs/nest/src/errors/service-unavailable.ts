import { ServiceUnavailableException } from '@nestjs/common';
import { errorBody } from './error-body.js';

/**
 * Every 503 of every service asks clients to retry after this many seconds, whatever the reason: stores
 * restoring or moving between instances, stores bootstrapping, Kafka not acknowledging. Long enough for a
 * rebalance or a broker failover to make progress, short enough that a client notices soon when it has.
 */
export const RETRY_AFTER_SECONDS = 5;

/**
 * The service cannot answer now; `reason` says why as a stable code, `message` for people. Answered as
 * `503` with the ErrorBody and `Retry-After: RETRY_AFTER_SECONDS` by the services' error filters.
 */
export function serviceUnavailable(reason: string, message: string, cause?: unknown): ServiceUnavailableException {
  return new ServiceUnavailableException(errorBody(503, message, { reason }), { cause });
}
