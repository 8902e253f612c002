import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import {
  createParamDecorator,
  type ExecutionContext,
  type RawBodyRequest,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { validationFailed } from './validation-failed.js';

type ParsedRequest = RawBodyRequest<IncomingMessage> & { body?: unknown };

/**
 * The parsed JSON body, refused with 400 when its bytes are not valid UTF-8 (the JSON parser would
 * silently turn them into U+FFFD) and with 415 when it was not sent as JSON. Needs `rawBody: true`.
 */
export const Utf8JsonBody = createParamDecorator((_data: unknown, context: ExecutionContext): unknown => {
  const request = context.switchToHttp().getRequest<ParsedRequest>();
  if (request.body === undefined) throw new UnsupportedMediaTypeException('Send the body as application/json');
  if (request.rawBody && !isUtf8(request.rawBody)) {
    throw validationFailed([{ field: '', reason: 'body is not valid UTF-8' }]);
  }
  return request.body;
});
