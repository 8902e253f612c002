import type { ConfigService } from '@nestjs/config';
import type { z } from 'zod';
import { positiveInteger } from '../config/service-config.schema.js';

/**
 * How long a client may take to send a request, so that slow or stalled clients (slow-loris) cannot hold
 * connections open: the headers, the whole request, and the longest pause inside a body.
 */
export const httpTimeoutsShape = {
  /** Time to receive the request line and headers (Node's `server.headersTimeout`). */
  HTTP_HEADERS_TIMEOUT_MS: positiveInteger().default(10_000),
  /** Time to receive the whole request, body included (Node's `server.requestTimeout`). */
  HTTP_REQUEST_TIMEOUT_MS: positiveInteger().default(300_000),
  /** The longest pause between two pieces of a request body. */
  HTTP_BODY_TIMEOUT_MS: positiveInteger().default(15_000),
};

export type HttpTimeouts = z.output<z.ZodObject<typeof httpTimeoutsShape>>;

/** The cross-variable rule of the timeouts, for a config's `superRefine`: the headers come within the request. */
export function checkHttpTimeouts(config: HttpTimeouts, ctx: z.RefinementCtx): void {
  if (config.HTTP_HEADERS_TIMEOUT_MS > config.HTTP_REQUEST_TIMEOUT_MS) {
    ctx.addIssue({
      code: 'custom',
      path: ['HTTP_HEADERS_TIMEOUT_MS'],
      message: 'must not be more than HTTP_REQUEST_TIMEOUT_MS',
    });
  }
}

/** The timeouts out of a service's validated config. */
export function httpTimeoutsOf(config: ConfigService<HttpTimeouts, true>): HttpTimeouts {
  return {
    HTTP_HEADERS_TIMEOUT_MS: config.get('HTTP_HEADERS_TIMEOUT_MS', { infer: true }),
    HTTP_REQUEST_TIMEOUT_MS: config.get('HTTP_REQUEST_TIMEOUT_MS', { infer: true }),
    HTTP_BODY_TIMEOUT_MS: config.get('HTTP_BODY_TIMEOUT_MS', { infer: true }),
  };
}
