import { BadRequestException } from '@nestjs/common';
import { errorBody, type FieldError } from '../errors/error-body.js';

/** The one 400 of every service: the ErrorBody `{ statusCode, error, message: 'Validation failed', errors, ...extra }`. */
export function validationFailed(errors: ReadonlyArray<FieldError>, extra: Record<string, unknown> = {}) {
  return new BadRequestException(errorBody(400, 'Validation failed', { errors, ...extra }));
}
