export { type ErrorBody, errorBody, errorBodyOf, type ErrorDetails, type FieldError } from './error-body.js';
export { ErrorResponseFilter, HttpExceptionFilter } from './error-response.filter.js';
export { RETRY_AFTER_SECONDS, serviceUnavailable } from './service-unavailable.js';
export {
  ErrorResponse,
  FieldErrorResponse,
  UnavailableResponse,
  ValidationErrorResponse,
} from './error-body.openapi.js';
