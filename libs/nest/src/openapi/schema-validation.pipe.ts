import { type ArgumentMetadata, Injectable, Optional, type PipeTransform } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { parseRequest } from '../validation/zod-validation.pipe.js';
import { resolveSchema } from './request-schema.js';

/**
 * Validates a parameter by the schema its decorator declares (`@Query({ schema, pipes: [SchemaValidationPipe] })`,
 * or `ValidQuery(schema)`), the schema the OpenAPI document shows: a mismatch is the services' 400.
 */
@Injectable()
export class SchemaValidationPipe implements PipeTransform {
  constructor(@Optional() private readonly config?: ConfigService) {}

  transform(value: unknown, { schema }: ArgumentMetadata): unknown {
    const zod = resolveSchema(schema, this.config);
    if (!zod) throw new TypeError('SchemaValidationPipe validates by the zod schema of its decorator ({ schema })');
    return parseRequest(zod, value);
  }
}
