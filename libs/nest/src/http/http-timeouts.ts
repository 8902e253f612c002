import type { Server } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { bodyStallGuard } from './body-stall-guard.js';
import type { HttpTimeouts } from './http-timeouts.config.js';
import { answerClientErrors } from './request-timeout.js';

/**
 * Applies the HTTP_*_TIMEOUT_MS limits to an app before it listens: headers and whole request through Node's
 * server (answered `408` with an ErrorBody by answerClientErrors), pauses inside a body by bodyStallGuard.
 */
export function applyHttpTimeouts(app: NestExpressApplication, timeouts: HttpTimeouts): void {
  const server = app.getHttpServer() as Server & { connectionsCheckingInterval: number };
  server.headersTimeout = timeouts.HTTP_HEADERS_TIMEOUT_MS;
  server.requestTimeout = timeouts.HTTP_REQUEST_TIMEOUT_MS;
  // Node checks those two limits this often (every 30 s by default), so a limit fires up to that much late.
  server.connectionsCheckingInterval = Math.min(1_000, timeouts.HTTP_HEADERS_TIMEOUT_MS);
  answerClientErrors(server, (headersReceived) =>
    headersReceived
      ? `The request was not received within HTTP_REQUEST_TIMEOUT_MS (${timeouts.HTTP_REQUEST_TIMEOUT_MS} ms)`
      : `The request headers were not received within HTTP_HEADERS_TIMEOUT_MS (${timeouts.HTTP_HEADERS_TIMEOUT_MS} ms)`,
  );
  app.use(bodyStallGuard(timeouts.HTTP_BODY_TIMEOUT_MS, 'HTTP_BODY_TIMEOUT_MS'));
}
