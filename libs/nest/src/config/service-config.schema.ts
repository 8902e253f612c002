import { accessSync, constants } from 'node:fs';
import { hostname } from 'node:os';
import { z } from 'zod';

/** A whole number > 0 given as a string, as environment variables are. */
export function positiveInteger() {
  return z.coerce.number({ error: 'must be a number' }).int('must be a whole number').positive('must be positive');
}

/** A whole number >= 0 given as a string. */
export function nonNegativeInteger() {
  return z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .nonnegative('must not be negative');
}

/** A valid Kafka topic name (what the broker accepts). */
export function kafkaTopicName() {
  return z.string().regex(/^[a-zA-Z0-9._-]{1,249}$/, 'must be a Kafka topic name (letters, digits, ".", "_", "-")');
}

const hostPortList = /^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/;

/** Variables every service reads: HTTP port, logging, identity. */
export const serviceConfigShape = {
  PORT: positiveInteger().max(65_535, 'must be at most 65535').default(8080),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  INSTANCE_ID: z.string().default(hostname()),
};

/** How a service reaches Kafka: the same variables in every service. */
export const kafkaConnectionShape = {
  KAFKA_BOOTSTRAP_SERVERS: z.string().regex(hostPortList, 'must be "host:port" or a comma-separated list of them'),
  KAFKA_CLIENT_ID: z.string().optional(),
  KAFKA_SASL_USERNAME: z.string().optional(),
  KAFKA_SASL_PASSWORD: z.string().optional(),
  KAFKA_CA_FILE: z.string().refine(isReadable, 'file does not exist or is not readable').optional(),
};

export type KafkaConnectionConfig = z.output<z.ZodObject<typeof kafkaConnectionShape>>;
/** What every service's validated config contains; a service's own config extends it. */
export type ServiceConfig = z.output<z.ZodObject<typeof serviceConfigShape & typeof kafkaConnectionShape>>;

/**
 * A service's config schema: the shared service and Kafka variables plus the service's own `shape`.
 * SASL credentials must come as a pair (SCRAM-SHA-512 needs both).
 */
export function defineServiceConfig<Shape extends z.ZodRawShape>(shape: Shape = {} as Shape) {
  return z.object({ ...serviceConfigShape, ...kafkaConnectionShape, ...shape }).superRefine((config, ctx) => {
    const { KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = config as KafkaConnectionConfig;
    if (username !== undefined && password === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['KAFKA_SASL_PASSWORD'],
        message: 'required when KAFKA_SASL_USERNAME is set',
      });
    }
    if (password !== undefined && username === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['KAFKA_SASL_USERNAME'],
        message: 'required when KAFKA_SASL_PASSWORD is set',
      });
    }
    // Only streams services have these (streamsServiceShape).
    const streams = config as { GROUP_INSTANCE_ID?: string; KAFKA_STREAMS_CLIENT?: string };
    if (streams.GROUP_INSTANCE_ID !== undefined && streams.KAFKA_STREAMS_CLIENT === 'kafkajs') {
      ctx.addIssue({
        code: 'custom',
        path: ['GROUP_INSTANCE_ID'],
        message: 'needs KAFKA_STREAMS_CLIENT=platformatic (kafkajs has no static membership)',
      });
    }
  });
}

function isReadable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}
