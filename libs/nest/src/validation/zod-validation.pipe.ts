import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import type { FieldError } from '../errors/error-body.js';
import { validationFailed } from './validation-failed.js';

/** `value` parsed by `schema`; a mismatch is a 400 whose `errors` give a reason per field. */
export function parseRequest<Schema extends z.ZodType>(schema: Schema, value: unknown): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const errors: FieldError[] = parsed.error.issues.map((issue) => ({
    field: issue.path.map(String).join('.'),
    reason: issue.message,
  }));
  throw validationFailed(errors);
}

/** Parses a payload with a zod schema; a mismatch is a 400 whose `errors` give a reason per field. */
export class ZodValidationPipe<Schema extends z.ZodType> implements PipeTransform<unknown, z.output<Schema>> {
  constructor(private readonly schema: Schema) {}

  transform(value: unknown): z.output<Schema> {
    return parseRequest(this.schema, value);
  }
}
