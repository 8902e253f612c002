import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

/** Examples computed each time the document is built: a `from` of "an hour ago" never ages out. */
const liveExamples = new WeakMap<object, () => unknown>();

/**
 * `schema` documented with an example computed whenever the OpenAPI document is built (each request of
 * `/docs/json`), for values that must be relative to now to stay valid. Returns `schema` itself.
 */
export function withLiveExample<Schema extends z.ZodType>(schema: Schema, example: () => unknown): Schema {
  liveExamples.set(schema, example);
  return schema;
}

/**
 * The OpenAPI 3.0 schema of what `schema` accepts (`io: 'input'`: before transforms, so a coerced `?n=`
 * is the integer it must spell) or answers (`io: 'output'`), by zod's own converter. Refinements that JSON
 * Schema cannot express (`from` not after `to`) are left to the descriptions.
 */
export function openApiSchemaOf(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    io,
    target: 'openapi-3.0',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      const example = liveExamples.get(zodSchema);
      if (example) jsonSchema.example = example();
    },
  }) as JsonSchema;
  return json;
}
