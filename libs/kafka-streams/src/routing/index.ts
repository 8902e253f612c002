export {
  FORWARDED_BY_HEADER,
  KeyQueryRouter,
  SERVED_BY_HEADER,
  type KeyQuery,
  type KeyQueryResult,
  type KeyQueryRouterOptions,
  type RequestHeaders,
  type RoutableStreams,
  type UnavailableReason,
} from './key-query-router.js';
export { toHttpReply, writeHttpReply, type HttpReply, type LocalReply } from './http-reply.js';
