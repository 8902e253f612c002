// The ErrorBody shapes as zod schemas, for the OpenAPI documents:
// `@ApiBadRequestResponse({ standardSchema: ValidationErrorResponse })`. Loose objects: an answer may add
// details (`accepted` on a bulk upload's 400).
import { z } from 'zod';
import type { FieldError } from './error-body.js';
import type { ErrorBody } from './error-body.js';
import { RETRY_AFTER_SECONDS } from './service-unavailable.js';

export const ErrorResponse = z.looseObject({
  statusCode: z.number().int().meta({ description: 'The HTTP status again', example: 404 }),
  error: z.string().meta({ description: 'The status text', example: 'Not Found' }),
  message: z.string().meta({ description: 'What went wrong, for people', example: 'Cannot GET /nowhere' }),
});

export const FieldErrorResponse = z.object({
  field: z.string().meta({
    description: 'The parameter or field at fault; empty for the request as a whole',
    example: 'from',
  }),
  reason: z.string().meta({ example: 'must not be after to' }),
});

export const ValidationErrorResponse = ErrorResponse.extend({
  statusCode: z.literal(400),
  error: z.literal('Bad Request'),
  message: z.string().meta({ example: 'Validation failed' }),
  errors: z.array(FieldErrorResponse).meta({ description: 'A reason per invalid parameter or field' }),
});

export const UnavailableResponse = ErrorResponse.extend({
  statusCode: z.literal(503),
  error: z.literal('Service Unavailable'),
  message: z.string().meta({ example: "this instance owns the key and is restoring the key's state" }),
  reason: z.string().meta({
    description: `Why, as a stable code; the answer carries \`Retry-After: ${RETRY_AFTER_SECONDS}\``,
    example: 'restoring',
  }),
});

// The documented shapes and the types the services build their answers with must not drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _documented: [Same<z.output<typeof FieldErrorResponse>, FieldError>, boolean] = [true, true];
const _answered: ErrorBody = {} as z.output<typeof ErrorResponse>;
void _documented;
void _answered;
