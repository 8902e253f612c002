import { applyDecorators } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import type { RequestSchema } from './request-schema.js';

const SCHEMA_BODY = Symbol('streamkit.apiSchemaBody');

/**
 * Documents a required request body by `schema` when the handler reads the body its own way (a custom param
 * decorator such as Utf8JsonBody, or a stream): the document shows the schema, resolved with the app's
 * config, for every media type the operation consumes (`@ApiConsumes`, default application/json).
 */
export function ApiSchemaBody(schema: RequestSchema, description?: string): MethodDecorator {
  return applyDecorators(
    ApiBody({ required: true, description, schema: {} }),
    (_target: object, _key: string | symbol, descriptor: PropertyDescriptor) => {
      Reflect.defineMetadata(SCHEMA_BODY, schema, descriptor.value as object);
    },
  );
}

/** The schema `ApiSchemaBody` declared on `handler`, if any. */
export function schemaBodyOf(handler: unknown): RequestSchema | undefined {
  return typeof handler === 'function' ? (Reflect.getMetadata(SCHEMA_BODY, handler) as RequestSchema) : undefined;
}
