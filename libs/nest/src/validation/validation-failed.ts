import { BadRequestException } from '@nestjs/common';

export interface FieldError {
  /** Dotted path into the payload (`text`, `3.text`), or where in a stream (`line 12`); empty for the whole body. */
  readonly field: string;
  readonly reason: string;
}

/** The one 400 shape of every service: `{ statusCode, error, message: 'Validation failed', errors, ...extra }`. */
export function validationFailed(errors: ReadonlyArray<FieldError>, extra: Record<string, unknown> = {}) {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: 'Validation failed',
    errors,
    ...extra,
  });
}
