import { BadRequestException } from '@nestjs/common';
import { errorBody } from '../errors/error-body.js';

export interface FieldError {
  /** Dotted path into the payload (`text`, `3.text`), or where in a stream (`line 12`); empty for the whole body. */
  readonly field: string;
  readonly reason: string;
}

/** The one 400 of every service: the ErrorBody `{ statusCode, error, message: 'Validation failed', errors, ...extra }`. */
export function validationFailed(errors: ReadonlyArray<FieldError>, extra: Record<string, unknown> = {}) {
  return new BadRequestException(errorBody(400, 'Validation failed', { errors, ...extra }));
}
