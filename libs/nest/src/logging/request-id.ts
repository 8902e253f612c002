import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

// Only ids that are safe to echo into a header and a log line are trusted; anything else is replaced.
const acceptableRequestId = /^[\w.:-]{1,128}$/;

/** The caller's `x-request-id` when it is sane, else a new UUID; echoed in the response header. */
export function assignRequestId(request: IncomingMessage, response: ServerResponse): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  const requestId = typeof incoming === 'string' && acceptableRequestId.test(incoming) ? incoming : randomUUID();
  response.setHeader(REQUEST_ID_HEADER, requestId);
  return requestId;
}
