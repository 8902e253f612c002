export { Utf8JsonBody } from './utf8-json-body.decorator.js';
export { type FieldError, validationFailed } from './validation-failed.js';
export { ZodValidationPipe } from './zod-validation.pipe.js';
