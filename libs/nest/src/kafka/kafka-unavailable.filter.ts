import { Catch, type HttpException } from '@nestjs/common';
import { ErrorResponseFilter } from '../errors/error-response.filter.js';
import { serviceUnavailable } from '../errors/service-unavailable.js';
import { KafkaUnavailableError } from './kafka-unavailable.error.js';

/** Kafka did not acknowledge in time: 503, reason `kafka-unavailable`, Retry-After. Register with APP_FILTER. */
@Catch(KafkaUnavailableError)
export class KafkaUnavailableFilter extends ErrorResponseFilter<KafkaUnavailableError> {
  protected toHttpException(error: KafkaUnavailableError): HttpException {
    return serviceUnavailable('kafka-unavailable', error.message, error);
  }
}
