import type { Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { errorBody } from '../errors/error-body.js';

/**
 * Node answers a request it did not receive in time (and a malformed one) with a bare status line; this writes
 * the same status with an ErrorBody that says which limit was hit. It takes over Node's 'clientError' default,
 * so it answers the other client errors as Node does (431, 400), with a body too.
 */
export function answerClientErrors(server: Server, describeTimeout: (headersReceived: boolean) => string): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // A response already under way (or a socket already closing) cannot take a second status line.
    const response = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
    if (!socket.writable || response?.headersSent || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const [status, message] =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, describeTimeout(response !== undefined)]
        : error.code === 'HPE_HEADER_OVERFLOW'
          ? [431, 'The request headers are too large']
          : [400, `The request is not valid HTTP (${error.code ?? error.message})`];
    socket.end(rawResponse(status, JSON.stringify(errorBody(status, message))));
  });
}

function rawResponse(status: number, body: string): string {
  const text = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' }[status];
  return (
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}
