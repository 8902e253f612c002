export { ApiSchemaBody } from './api-schema-body.decorator.js';
export { openApiSchemaOf, withLiveExample } from './openapi-schema.js';
export { type ConfiguredSchema, configuredSchema, type RequestSchema, resolveSchema } from './request-schema.js';
export { SchemaValidationPipe } from './schema-validation.pipe.js';
export { ValidBody, ValidParams, ValidQuery } from './valid-params.decorator.js';
