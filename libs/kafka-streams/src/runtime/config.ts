// StreamsConfig: validated once, at construction, so a typo fails fast with the field's name.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { ErrorHandlers } from '../errors/handlers.js';
import { logAndFailHandlers } from '../internal/runtime/default-error-handlers.js';
import { consoleLogger, type StreamsLogger } from './logger.js';
import type { StateRestoreListener } from './restore-listener.js';
import { StreamsConfigError } from '../errors/exceptions.js';

const hostPort = /^[^\s:]+:\d{1,5}$/;

const loggerSchema = z.custom<StreamsLogger>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    ['debug', 'info', 'warn', 'error'].every(
      (level) => typeof (value as Record<string, unknown>)[level] === 'function',
    ),
  { message: 'must have debug, info, warn and error functions' },
);

const restoreListenerSchema = z.custom<StateRestoreListener>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    ['onRestoreStart', 'onBatchRestored', 'onRestoreEnd'].every(
      (method) => typeof (value as Record<string, unknown>)[method] === 'function',
    ),
  { message: 'must have onRestoreStart, onBatchRestored and onRestoreEnd functions' },
);

const handlerSchema = z.custom<{ handle: (...args: never[]) => unknown }>(
  (value) =>
    typeof value === 'object' && value !== null && typeof (value as { handle?: unknown }).handle === 'function',
  { message: 'must be an object with a handle() method' },
);

export const streamsConfigSchema = z
  .strictObject({
    applicationId: z
      .string()
      .min(1)
      .regex(/^[a-zA-Z0-9._-]+$/, 'may only contain letters, digits, ".", "_" and "-" (it names topics and the group)'),
    bootstrapServers: z.union([
      z.string().regex(/^[^\s,]+:\d+(,[^\s,]+:\d+)*$/, 'must be "host:port" or a comma-separated list of them'),
      z.array(z.string().regex(hostPort, 'must be "host:port"')).min(1),
    ]),
    clientId: z.string().min(1).optional(),
    /**
     * The Kafka client under the runtime (docs/client.md): `platformatic` (the default: @platformatic/kafka with the
     * library's own group member and fetcher; exactly-once v2, zombies fenced by the group generation, KIP-447) or
     * `kafkajs` (unmaintained since 2023; no KIP-447, so exactly-once with a transactional producer per task).
     */
    client: z
      .enum(['kafkajs', 'platformatic'], { error: 'must be "kafkajs" or "platformatic"' })
      .default('platformatic'),
    ssl: z.strictObject({ caFile: z.string().min(1) }).optional(),
    sasl: z
      .strictObject({
        mechanism: z.literal('scram-sha-512'),
        username: z.string().min(1),
        password: z.string().min(1),
      })
      .optional(),
    /** Default 30000, or 100 under exactly-once (as in Java: output becomes visible when its transaction commits). */
    commitIntervalMs: z.number().int().positive().optional(),
    /**
     * Exactly-once on the platformatic client: a stream thread that has read all its input (nothing readable left at
     * its last fetch) commits at once rather than waiting out `commitIntervalMs`, so that its output becomes visible
     * without delay; behind on its input, it commits every `commitIntervalMs`. Not in Java, which commits only on the
     * interval: false does the same. No effect at-least-once (output is visible once sent) or on kafkajs.
     */
    commitWhenCaughtUp: z.boolean().default(true),
    /**
     * `exactly_once`: the exactly-once scheme of the client: on `platformatic`, Java's `exactly_once_v2` (one
     * transactional producer per stream thread, zombies fenced by the group metadata its offset commits carry, KIP-447);
     * on `kafkajs`, whose transactional offset commits cannot carry the group metadata, one transactional producer per
     * task (Java's former scheme). `exactly_once_v2` says v2 explicitly: accepted on `platformatic`, rejected on
     * `kafkajs` rather than silently run as the per-task scheme.
     */
    processingGuarantee: z
      .enum(['at_least_once', 'exactly_once', 'exactly_once_v2'], {
        error: "must be 'at_least_once', 'exactly_once' or 'exactly_once_v2'",
      })
      .default('at_least_once'),
    stateDir: z.string().min(1).default(join(tmpdir(), 'kafka-streams')),
    /**
     * The record cache's size in bytes, shared by every cached store of the instance (Java's
     * statestore.cache.max.bytes, default 10 MiB): updates to a key between commits leave as one record. 0 disables it.
     */
    cacheMaxBytes: z
      .number()
      .int()
      .nonnegative()
      .default(10 * 1024 * 1024),
    /** How long the directory of a task this instance no longer owns is kept (Java's state.cleanup.delay.ms). */
    stateCleanupDelayMs: z.number().int().nonnegative().default(600_000),
    restoreListener: restoreListenerSchema.optional(),
    /** Where this instance answers interactive queries, sent to the other instances (Java's application.server). */
    applicationServer: z
      .string()
      .regex(hostPort, 'must be "host:port"')
      .refine((value) => isPort(Number(value.slice(value.lastIndexOf(':') + 1))), 'the port must be in 1-65535')
      .optional(),
    /** Replication factor of the internal topics; default: min(3, brokers in the cluster). */
    replicationFactor: z.number().int().positive().optional(),
    /**
     * How long a task with several input partitions waits for data on an empty one before processing the others
     * (Java's max.task.idle.ms): 0 waits only for records known to be on the broker, -1 never waits.
     */
    maxTaskIdleMs: z.number().int().min(-1).default(0),
    /** How often fully committed records are deleted from repartition topics (Java's repartition.purge.interval.ms). */
    repartitionPurgeIntervalMs: z.number().int().nonnegative().default(30_000),
    sessionTimeoutMs: z.number().int().positive().default(45_000),
    /**
     * Static group membership (Java's group.instance.id, KIP-345): a stable id per instance (a StatefulSet pod's
     * name). The instance does not leave the group when it closes, and coming back with the same id within
     * `sessionTimeoutMs` gets its tasks back without a rebalance of the others. Unique per instance: a second
     * instance with the same id fences the first, whose stream thread then fails. The platformatic client only.
     */
    groupInstanceId: z
      .string()
      .min(1)
      .max(249)
      .regex(/^[a-zA-Z0-9._-]+$/, 'may contain only letters, digits, ".", "_" and "-"')
      .optional(),
    heartbeatIntervalMs: z.number().int().positive().default(3_000),
    /**
     * How the instance takes part in rebalances (docs/client.md). `cooperative` (the default on `platformatic`,
     * Kafka's KIP-429): tasks that stay on an instance keep processing while the group rebalances, and only the tasks
     * that move are revoked, in a follow-up rebalance. `eager` (the only one `kafkajs` provides, and its default):
     * every instance stops all its tasks' processing until the new assignment. Every instance of the application
     * must use the same one: an instance of the other kind cannot join the group (stop all of them to switch).
     */
    rebalanceProtocol: z.enum(['cooperative', 'eager'], { error: "must be 'cooperative' or 'eager'" }).optional(),
    /** How often due wall-clock punctuators are fired. */
    wallClockPunctuationIntervalMs: z.number().int().positive().default(100),
    /** Standby copies of each stateful task kept warm on other instances (Java's num.standby.replicas). */
    numStandbyReplicas: z.number().int().nonnegative().default(0),
    /** A copy at most this many changelog records behind may take its task over (Java's acceptable.recovery.lag). */
    acceptableRecoveryLag: z.number().int().nonnegative().default(10_000),
    /** Warm-up copies created per rebalance at most (Java's max.warmup.replicas). */
    maxWarmupReplicas: z.number().int().positive().default(2),
    /** While warm-ups catch up, rebalance again after this long (Java's probing.rebalance.interval.ms). */
    probingRebalanceIntervalMs: z.number().int().positive().default(600_000),
    logger: loggerSchema.optional(),
    errorHandlers: z
      .strictObject({
        deserialization: handlerSchema.optional(),
        processing: handlerSchema.optional(),
        production: handlerSchema.optional(),
      })
      .optional(),
  })
  .superRefine((config, context) => {
    if (config.groupInstanceId !== undefined && config.client === 'kafkajs') {
      context.addIssue({
        code: 'custom',
        path: ['groupInstanceId'],
        message: "static membership is not provided by the kafkajs client; use client 'platformatic'",
      });
    }
    if (config.rebalanceProtocol === 'cooperative' && config.client === 'kafkajs') {
      context.addIssue({
        code: 'custom',
        path: ['rebalanceProtocol'],
        message:
          "cooperative rebalancing is not provided by the kafkajs client (it is eager); use client 'platformatic'",
      });
    }
    if (config.processingGuarantee === 'exactly_once_v2' && config.client === 'kafkajs') {
      context.addIssue({
        code: 'custom',
        path: ['processingGuarantee'],
        message:
          "'exactly_once_v2' (Java's thread-level producers fenced by group metadata, KIP-447) is not provided by the " +
          "kafkajs client; use client 'platformatic', or 'exactly_once' (one transactional producer per task)",
      });
    }
  });

export type StreamsConfigInput = z.input<typeof streamsConfigSchema> & {
  readonly logger?: StreamsLogger;
  readonly errorHandlers?: Partial<ErrorHandlers>;
  readonly restoreListener?: StateRestoreListener;
};

export interface ResolvedStreamsConfig {
  readonly applicationId: string;
  readonly bootstrapServers: ReadonlyArray<string>;
  readonly clientId: string;
  readonly client: 'kafkajs' | 'platformatic';
  readonly tls?: { readonly ca: string };
  readonly sasl?: { readonly mechanism: 'scram-sha-512'; readonly username: string; readonly password: string };
  readonly commitIntervalMs: number;
  readonly commitWhenCaughtUp: boolean;
  readonly processingGuarantee: 'at_least_once' | 'exactly_once';
  readonly stateDir: string;
  readonly cacheMaxBytes: number;
  readonly stateCleanupDelayMs: number;
  readonly restoreListener?: StateRestoreListener;
  readonly applicationServer?: string;
  readonly replicationFactor?: number;
  readonly repartitionPurgeIntervalMs: number;
  readonly maxTaskIdleMs: number;
  readonly sessionTimeoutMs: number;
  readonly groupInstanceId?: string;
  readonly heartbeatIntervalMs: number;
  /** Unset: the client's default (cooperative on platformatic, eager on kafkajs), resolved by its consumer. */
  readonly rebalanceProtocol?: 'cooperative' | 'eager';
  readonly wallClockPunctuationIntervalMs: number;
  readonly numStandbyReplicas: number;
  readonly acceptableRecoveryLag: number;
  readonly maxWarmupReplicas: number;
  readonly probingRebalanceIntervalMs: number;
  readonly logger: StreamsLogger;
  readonly errorHandlers: ErrorHandlers;
}

/** Validates `input`; throws a StreamsConfigError naming every invalid field. */
export function resolveStreamsConfig(input: StreamsConfigInput): ResolvedStreamsConfig {
  const parsed = streamsConfigSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({
      field: issue.path.length > 0 ? issue.path.map(String).join('.') : '(config)',
      message: issue.message,
    }));
    throw new StreamsConfigError(
      `Invalid StreamsConfig: ${problems.map(({ field, message }) => `${field}: ${message}`).join('; ')}`,
      problems.map(({ field }) => field),
    );
  }
  const config = parsed.data;
  // v2 is what 'exactly_once' runs on the platformatic client, the only one that accepts it.
  const processingGuarantee =
    config.processingGuarantee === 'exactly_once_v2' ? 'exactly_once' : config.processingGuarantee;
  return {
    applicationId: config.applicationId,
    bootstrapServers:
      typeof config.bootstrapServers === 'string' ? config.bootstrapServers.split(',') : config.bootstrapServers,
    clientId: config.clientId ?? config.applicationId,
    client: config.client,
    ...(config.ssl ? { tls: { ca: readCaFile(config.ssl.caFile) } } : {}),
    ...(config.sasl ? { sasl: config.sasl } : {}),
    commitIntervalMs: config.commitIntervalMs ?? (processingGuarantee === 'exactly_once' ? 100 : 30_000),
    commitWhenCaughtUp: config.commitWhenCaughtUp,
    processingGuarantee,
    stateDir: config.stateDir,
    cacheMaxBytes: config.cacheMaxBytes,
    stateCleanupDelayMs: config.stateCleanupDelayMs,
    ...(input.restoreListener ? { restoreListener: input.restoreListener } : {}),
    ...(config.applicationServer ? { applicationServer: config.applicationServer } : {}),
    ...(config.replicationFactor ? { replicationFactor: config.replicationFactor } : {}),
    repartitionPurgeIntervalMs: config.repartitionPurgeIntervalMs,
    maxTaskIdleMs: config.maxTaskIdleMs,
    sessionTimeoutMs: config.sessionTimeoutMs,
    ...(config.groupInstanceId !== undefined ? { groupInstanceId: config.groupInstanceId } : {}),
    heartbeatIntervalMs: config.heartbeatIntervalMs,
    ...(config.rebalanceProtocol !== undefined ? { rebalanceProtocol: config.rebalanceProtocol } : {}),
    wallClockPunctuationIntervalMs: config.wallClockPunctuationIntervalMs,
    numStandbyReplicas: config.numStandbyReplicas,
    acceptableRecoveryLag: config.acceptableRecoveryLag,
    maxWarmupReplicas: config.maxWarmupReplicas,
    probingRebalanceIntervalMs: config.probingRebalanceIntervalMs,
    logger: input.logger ?? consoleLogger(),
    errorHandlers: { ...logAndFailHandlers, ...input.errorHandlers },
  };
}

function isPort(port: number): boolean {
  return port >= 1 && port <= 65_535;
}

function readCaFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new StreamsConfigError(
      `Invalid StreamsConfig: ssl.caFile: cannot read ${path} (${(error as Error).message})`,
      ['ssl.caFile'],
    );
  }
}
