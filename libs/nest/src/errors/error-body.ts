import { STATUS_CODES } from 'node:http';
import type { HttpException } from '@nestjs/common';

/** One invalid field of a request, in a 400's `errors`. */
export interface FieldError {
  /** Dotted path into the payload (`text`, `3.text`), or where in a stream (`line 12`); empty for the whole body. */
  readonly field: string;
  readonly reason: string;
}

/** What an ErrorBody carries besides its status and message. */
export interface ErrorDetails {
  /** On a 400: a reason per invalid field (`field` is empty for the request as a whole). */
  readonly errors?: ReadonlyArray<FieldError>;
  /** On a 503: why the service cannot answer now, as a stable code to branch on (`restoring`, ...). */
  readonly reason?: string;
  /** Anything else an answer adds, e.g. `accepted` on a bulk upload's 400. */
  readonly [detail: string]: unknown;
}

/**
 * The body of every error answer of every service: the status again, its text (`Bad Request`,
 * `Service Unavailable`, ...) and what went wrong, for people; plus `errors` on a 400 and `reason` on a 503.
 */
export interface ErrorBody extends ErrorDetails {
  readonly statusCode: number;
  readonly error: string;
  readonly message: string;
}

export function errorBody(statusCode: number, message: string, details: ErrorDetails = {}): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...details };
}

/**
 * `exception` answered as an ErrorBody, whatever threw it: a service's own body is kept; Nest's and Express'
 * errors (`{ statusCode, message }` or a bare message: 404, 413, malformed JSON, ...) are completed. A 400 always
 * lists `errors`, a 503 always has a `reason`. Undefined for a body that is not an error's (no `message`: the
 * report of a failed health check), which is sent as it is.
 */
export function errorBodyOf(exception: HttpException): ErrorBody | undefined {
  const status = exception.getStatus();
  const response = exception.getResponse();
  let body: ErrorBody;
  if (typeof response === 'string') {
    body = errorBody(status, response);
  } else {
    const { statusCode: _status, error: _error, message, ...details } = response as Record<string, unknown>;
    if (message === undefined) return undefined;
    body = errorBody(status, Array.isArray(message) ? message.join('; ') : String(message), details);
  }
  if (status === 400 && body.errors === undefined) {
    return { ...body, message: 'Validation failed', errors: [{ field: '', reason: reasonOf(exception, body) }] };
  }
  if (status === 503 && body.reason === undefined) return { ...body, reason: 'unavailable' };
  return body;
}

/** Express' body parser reports malformed JSON as a SyntaxError with the parser's message. */
function reasonOf(exception: HttpException, body: ErrorBody): string {
  return exception.cause instanceof SyntaxError ? `body is not valid JSON: ${body.message}` : body.message;
}
