import type { ArgumentMetadata } from '@nestjs/common';
import type { ConfigService } from '@nestjs/config';
import { z } from 'zod';

/** What Nest's `@Param/@Query/@Body({ schema })` take: a Standard Schema (zod schemas are). */
export type StandardSchema = NonNullable<ArgumentMetadata['schema']>;

const RESOLVE = Symbol('streamkit.configuredSchema');

/**
 * A request schema that depends on the service's config (the largest `n` is `MAX_TOP_N`): resolved with the
 * app's ConfigService, once per app, by SchemaValidationPipe and by the OpenAPI document alike.
 */
export interface ConfiguredSchema<Schema extends z.ZodType = z.ZodType> extends StandardSchema {
  readonly [RESOLVE]: (config: ConfigService) => Schema;
}

/** A zod schema, or one built from the service's config. */
export type RequestSchema = z.ZodType | ConfiguredSchema;

export function configuredSchema<Schema extends z.ZodType>(
  resolve: (config: ConfigService) => Schema,
): ConfiguredSchema<Schema> {
  return {
    [RESOLVE]: resolve,
    '~standard': {
      version: 1,
      vendor: 'streamkit',
      validate: () => {
        throw new Error('a configured schema validates once resolved with the service config (SchemaValidationPipe)');
      },
    },
  };
}

const resolved = new WeakMap<ConfigService, WeakMap<ConfiguredSchema, z.ZodType>>();

/** `schema` as the zod schema it stands for in an app with `config`; undefined for anything else. */
export function resolveSchema(schema: unknown, config: ConfigService | undefined): z.ZodType | undefined {
  if (schema instanceof z.ZodType) return schema;
  if (typeof schema !== 'object' || schema === null || !(RESOLVE in schema)) return undefined;
  if (!config) throw new Error('a configured schema needs the ConfigService (ServiceConfigModule) in the app');
  const configured = schema as ConfiguredSchema;
  let schemas = resolved.get(config);
  if (!schemas) resolved.set(config, (schemas = new WeakMap()));
  let zod = schemas.get(configured);
  if (!zod) schemas.set(configured, (zod = configured[RESOLVE](config)));
  return zod;
}
