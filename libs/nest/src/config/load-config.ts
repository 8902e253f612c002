import type { z } from 'zod';
import { ConfigError } from './config-error.js';

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Validates `env` against `schema` and returns the typed result, or throws a ConfigError naming every bad
 * variable. Empty values count as unset, so `KAFKA_SASL_USERNAME=` in a manifest means "no SASL".
 */
export function loadConfig<Schema extends z.ZodType>(schema: Schema, env: Environment = process.env): z.output<Schema> {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(present);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((issue) => {
      const variable = issue.path.length > 0 ? issue.path.map(String).join('.') : '(environment)';
      const missing = issue.code === 'invalid_type' && !(variable in present);
      return { variable, reason: missing ? 'required' : issue.message };
    }),
  );
}
