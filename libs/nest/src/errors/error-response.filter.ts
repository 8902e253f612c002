import { type ArgumentsHost, Catch, HttpException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody, errorBodyOf } from './error-body.js';
import { methodsAllowedInstead } from './method-not-allowed.js';
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
 * A method a known path does not answer (TRACE, or PATCH on a GET route) is a 405 with `Allow` listing the
 * methods it does, rather than Nest's 404. `configureServiceApp` registers it for every service.
 */
@Catch(HttpException)
export class HttpExceptionFilter extends ErrorResponseFilter<HttpException> {
  override catch(exception: HttpException, host: ArgumentsHost): void {
    if (exception.getStatus() === 404) {
      const http = host.switchToHttp();
      const request = http.getRequest<IncomingMessage>();
      const allowed = methodsAllowedInstead(this.applicationRef?.getInstance(), request);
      const response = http.getResponse<ServerResponse>();
      if (allowed.length > 0 && !response.headersSent) {
        response.setHeader('Allow', allowed.join(', '));
        const message = `${request.method} is not allowed here; allowed: ${allowed.join(', ')}`;
        return super.catch(new HttpException(errorBody(405, message), 405, { cause: exception }), host);
      }
    }
    super.catch(exception, host);
  }

  protected toHttpException(exception: HttpException): HttpException {
    return exception;
  }
}
