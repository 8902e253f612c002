// The services' configuration schemas, imported from their sources (one source of truth), and the check that
// an environment a manifest or the compose file gives a service is one the schema accepts.
import type { z } from 'zod';
import { producerConfigSchema } from '../../../services/producer/src/config.js';
import { queryApiConfigSchema } from '../../../services/query-api/src/config.js';
import { wordCountConfigSchema } from '../../../services/word-count/src/config.js';

type ConfigSchema = z.ZodObject<z.ZodRawShape>;

export const SERVICE_SCHEMAS = {
  producer: producerConfigSchema,
  'word-count': wordCountConfigSchema,
  'query-api': queryApiConfigSchema,
} as const satisfies Record<string, ConfigSchema>;

export type ServiceName = keyof typeof SERVICE_SCHEMAS;
export const SERVICE_NAMES = Object.keys(SERVICE_SCHEMAS) as ServiceName[];

export const isServiceName = (name: string): name is ServiceName => Object.hasOwn(SERVICE_SCHEMAS, name);

/**
 * Variables whose check reads the file system of the machine running the test (a readable CA file, a
 * writable state directory): their values are the container's business, only their names are checked.
 */
const CHECKED_ON_THE_TARGET = new Set(['KAFKA_CA_FILE', 'STATE_DIR']);

/** Stands in for a value the platform fills in (a Secret, the downward API). */
const PLATFORM_VALUE = 'from-the-platform';

/** Every variable the schema reads. */
export function acceptedVariables(service: ServiceName): string[] {
  return Object.keys(SERVICE_SCHEMAS[service].shape).sort();
}

/** Variables without a default that are not optional: a container without them exits at start-up. */
export function requiredVariables(service: ServiceName): string[] {
  const shape = SERVICE_SCHEMAS[service].shape as Record<string, z.ZodType>;
  return Object.keys(shape)
    .filter((name) => !shape[name]!.safeParse(undefined).success)
    .sort();
}

export const hasVariable = (service: ServiceName, name: string): boolean =>
  Object.hasOwn(SERVICE_SCHEMAS[service].shape, name);

/** What the service runs with for `name`: the given value, else the schema's default. */
export function effectiveValue(service: ServiceName, name: string, given: string | undefined): unknown {
  const field = (SERVICE_SCHEMAS[service].shape as Record<string, z.ZodType>)[name];
  if (field === undefined) throw new Error(`${service} has no variable ${name}`);
  const parsed = field.safeParse(given);
  return parsed.success ? parsed.data : undefined;
}

/**
 * An environment as a manifest sets it: a literal value, or `undefined` for a value the platform fills in
 * (a Secret, the downward API), whose presence counts but whose value cannot be known here.
 */
export type GivenEnvironment = ReadonlyMap<string, string | undefined>;

/** Problems of `env` for `service`; `where` prefixes each message. Empty when the service would start. */
export function checkEnvironment(service: ServiceName, env: GivenEnvironment, where: string): string[] {
  const problems: string[] = [];
  const accepted = new Set(acceptedVariables(service));
  for (const name of [...env.keys()].sort())
    if (!accepted.has(name)) problems.push(`${where}: ${name} is not a variable of ${service}'s config schema`);
  const required = requiredVariables(service);
  for (const name of required)
    if (!env.has(name)) problems.push(`${where}: ${name} is required by ${service}'s config schema but not set`);
  // The whole schema, as the service parses it (pairs such as the SASL credentials are checked across
  // fields): values only the platform knows are stand-ins, and their own issues are not reported.
  const knownOnTheTarget = (name: string): boolean => env.get(name) === undefined || CHECKED_ON_THE_TARGET.has(name);
  const sample = Object.fromEntries(
    [...env]
      .filter(([name]) => accepted.has(name) && !CHECKED_ON_THE_TARGET.has(name))
      .map(([name, value]) => [name, value ?? PLATFORM_VALUE]),
  );
  const parsed = SERVICE_SCHEMAS[service].safeParse(sample);
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const name = issue.path.map(String).join('.');
    if (!env.has(name)) {
      if (!required.includes(name)) problems.push(`${where}: ${name} is not set: ${issue.message}`);
    } else if (!knownOnTheTarget(name))
      problems.push(`${where}: ${name}=${env.get(name)} is rejected: ${issue.message}`);
  }
  return problems;
}
