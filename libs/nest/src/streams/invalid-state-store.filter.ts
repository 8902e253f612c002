import { Catch, type HttpException } from '@nestjs/common';
import { InvalidStateStoreError } from '@streamkit/kafka-streams';
import { ErrorResponseFilter } from '../errors/error-response.filter.js';
import { serviceUnavailable } from '../errors/service-unavailable.js';

/**
 * A state store that cannot be queried in the streams app's current state (starting, bootstrapping,
 * rebalancing, stopping) answers 503 with reason `not-running` and Retry-After. An unknown store, or one of
 * another kind, is a bug of the service: logged, 500. Register with APP_FILTER.
 */
@Catch(InvalidStateStoreError)
export class InvalidStateStoreFilter extends ErrorResponseFilter<InvalidStateStoreError> {
  protected toHttpException(error: InvalidStateStoreError): HttpException | undefined {
    return error.reason === 'not-running' ? serviceUnavailable(error.reason, error.message, error) : undefined;
  }
}
