// Turns a routed query's result into an HTTP reply, framework-free: Node's http writes it with
// `writeHttpReply`; a Nest or Express controller copies status, headers and body onto its response.
import type { ServerResponse } from 'node:http';
import { formatHostInfo } from '../runtime/host-info.js';
import { type KeyQueryResult, SERVED_BY_HEADER } from './key-query-router.js';

export interface HttpReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
}

/** How a locally read value is answered; the body is sent as JSON. */
export interface LocalReply {
  readonly status?: number;
  readonly body: unknown;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * `local`: `render(value)` as JSON (status 200 unless given). `forwarded`: the owner's reply as it came.
 * `unavailable`: 503 with `Retry-After` and `{ error: 'unavailable', reason, message }`.
 * Every reply but 503 names the instance that answered in `x-streamkit-served-by`.
 */
export function toHttpReply<R>(result: KeyQueryResult<R>, render: (value: R) => LocalReply): HttpReply {
  switch (result.kind) {
    case 'local': {
      const { status = 200, body } = render(result.value);
      return {
        status,
        headers: { 'content-type': JSON_TYPE, [SERVED_BY_HEADER]: formatHostInfo(result.host) },
        body: JSON.stringify(body),
      };
    }
    case 'forwarded':
      return {
        status: result.status,
        headers: {
          ...(result.contentType ? { 'content-type': result.contentType } : {}),
          [SERVED_BY_HEADER]: formatHostInfo(result.host),
        },
        body: result.body,
      };
    case 'unavailable':
      return {
        status: 503,
        headers: { 'content-type': JSON_TYPE, 'retry-after': String(Math.ceil(result.retryAfterSeconds)) },
        body: JSON.stringify({ error: 'unavailable', reason: result.reason, message: result.message }),
      };
  }
}

export function writeHttpReply(response: ServerResponse, reply: HttpReply): void {
  response.writeHead(reply.status, reply.headers);
  response.end(reply.body);
}
