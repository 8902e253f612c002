import { type HttpReply, type KeyQueryResult, type LocalReply, toHttpReply } from '@streamkit/kafka-streams';
import { serviceUnavailable } from '../errors/service-unavailable.js';

/**
 * A routed query's reply for a Nest service: an answer (local or the owner's) as `toHttpReply` renders it;
 * `unavailable` thrown as the services' own 503 (ErrorBody with the router's reason), so it is answered like
 * every other error, with `Retry-After: RETRY_AFTER_SECONDS`, rather than in the library's framework-free shape.
 */
export function keyQueryReply<R>(result: KeyQueryResult<R>, render: (value: R) => LocalReply): HttpReply {
  if (result.kind === 'unavailable') throw serviceUnavailable(result.reason, result.message);
  return toHttpReply(result, render);
}
