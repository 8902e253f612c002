import { type ArgumentsHost, Catch, HttpException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { ServerResponse } from 'node:http';
import { errorBodyOf } from './error-body.js';
import { RETRY_AFTER_SECONDS } from './service-unavailable.js';

/**
 * Answers an error in the shared ErrorBody shape, with `Retry-After` on a 503. Subclasses say which errors
 * they catch (`@Catch`) and which HttpException each becomes; one they map to none is left to Nest: logged, 500.
 */
export abstract class ErrorResponseFilter<T> extends BaseExceptionFilter<unknown> {
  protected abstract toHttpException(error: T): HttpException | undefined;

  override catch(error: T, host: ArgumentsHost): void {
    const exception = this.toHttpException(error);
    if (!exception) return super.catch(error, host);
    const body = errorBodyOf(exception);
    if (!body) return super.catch(exception, host);
    const response = host.switchToHttp().getResponse<ServerResponse>();
    if (body.statusCode === 503 && !response.headersSent) {
      response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    }
    super.catch(new HttpException(body, body.statusCode, { cause: exception }), host);
  }
}

/**
 * Every HttpException, whoever threw it (validation, Nest's 404, Express' 413, ...), in the ErrorBody shape.
 * `configureServiceApp` registers it for every service.
 */
@Catch(HttpException)
export class HttpExceptionFilter extends ErrorResponseFilter<HttpException> {
  protected toHttpException(exception: HttpException): HttpException {
    return exception;
  }
}
