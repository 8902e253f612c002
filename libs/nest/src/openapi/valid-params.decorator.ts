import { Body, Param, Query } from '@nestjs/common';
import type { RequestSchema } from './request-schema.js';
import { SchemaValidationPipe } from './schema-validation.pipe.js';

// One declaration per request part: the schema validates it (SchemaValidationPipe) and is what the OpenAPI
// document shows for it (@nestjs/swagger expands an object schema into one parameter per property).

/** The path parameters, validated by `schema` (an object of them) and documented by it. */
export const ValidParams = (schema: RequestSchema): ParameterDecorator =>
  Param({ schema, pipes: [SchemaValidationPipe] });

/** The query parameters, validated by `schema` (an object of them) and documented by it. */
export const ValidQuery = (schema: RequestSchema): ParameterDecorator =>
  Query({ schema, pipes: [SchemaValidationPipe] });

/** The parsed JSON body, validated by `schema` and documented by it. */
export const ValidBody = (schema: RequestSchema): ParameterDecorator => Body({ schema, pipes: [SchemaValidationPipe] });
