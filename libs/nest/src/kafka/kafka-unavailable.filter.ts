import { Catch, type HttpException } from '@nestjs/common';
import { ErrorResponseFilter } from '../errors/error-response.filter.js';
import { serviceUnavailable } from '../errors/service-unavailable.js';
import { KafkaUnavailableError } from './kafka-unavailable.error.js';

/** Kafka cannot take records now: 503, `reason` from the error, Retry-After. Register with APP_FILTER. */
@Catch(KafkaUnavailableError)
export class KafkaUnavailableFilter extends ErrorResponseFilter<KafkaUnavailableError> {
  protected toHttpException(error: KafkaUnavailableError): HttpException {
    return serviceUnavailable(error.reason, error.message, error);
  }
}
