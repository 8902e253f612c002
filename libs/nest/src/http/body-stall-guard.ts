import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody } from '../errors/error-body.js';

/**
 * Express middleware: a request body in which nothing arrives for `timeoutMs` is answered `408` with an
 * ErrorBody, and its connection closed. Node's own limits bound the headers and the whole request; this one
 * bounds a pause, which is what a stalled upload of any size shows (a streamed bulk body can rightly take
 * longer than any whole-request limit). Only armed while a body is being received: not for requests without
 * one, nor for long-lived responses (Server-Sent Events).
 */
export function bodyStallGuard(timeoutMs: number, variable: string) {
  return (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    if (request.complete || !hasBody(request)) return next();
    const stalled = (): void => {
      disarm();
      if (response.headersSent) {
        request.socket.destroy();
        return;
      }
      const body = JSON.stringify(
        errorBody(408, `The request body stalled: nothing arrived for ${timeoutMs} ms (${variable})`),
      );
      response.writeHead(408, {
        Connection: 'close',
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
      });
      // The rest of the body is not wanted: close once the answer is out.
      response.end(body, () => request.socket.destroy());
    };
    const disarm = (): void => {
      request.off('timeout', stalled);
      request.setTimeout(0);
    };
    request.setTimeout(timeoutMs, stalled);
    request.once('end', disarm);
    response.once('close', disarm);
    next();
  };
}

function hasBody(request: IncomingMessage): boolean {
  return request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
}
