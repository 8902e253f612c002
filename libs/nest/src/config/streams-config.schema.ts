import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { positiveInteger } from './service-config.schema.js';

const hostPort = /^[^\s,:]+:\d{1,5}$/;

export interface StreamsServiceDefaults {
  /** APPLICATION_ID when the variable is unset: the consumer group and the prefix of internal topics. */
  readonly applicationId: string;
}

/**
 * Variables of a service that runs a topology, on top of `defineServiceConfig`'s shared ones:
 * `defineServiceConfig({ ...streamsServiceShape({ applicationId: 'word-count' }), ...own })`.
 * Only such services read them, so they are not part of every service's config.
 */
export function streamsServiceShape({ applicationId }: StreamsServiceDefaults) {
  return {
    APPLICATION_ID: z
      .string()
      .regex(/^[a-zA-Z0-9._-]+$/, 'may only contain letters, digits, ".", "_" and "-"')
      .default(applicationId),
    /** State stores live here; on Kubernetes a persistent volume, so a restarted pod restores little. */
    STATE_DIR: z
      .string()
      .refine(isWritableOrCreatable, 'must be a writable directory, or one that can be created')
      .default(join(tmpdir(), 'kafka-streams')),
    /** `host:port` other instances reach this one's HTTP API at, to route interactive queries. */
    APPLICATION_SERVER: z.string().regex(hostPort, 'must be "host:port"').optional(),
    COMMIT_INTERVAL_MS: positiveInteger().default(30_000),
    /** How long a stop may take: drain, commit, close stores. Keep it below the pod's termination grace period. */
    SHUTDOWN_GRACE_MS: positiveInteger().default(30_000),
    /**
     * The Kafka client under the streams runtime (its `client` setting): `platformatic` (the default, as the
     * library's: @platformatic/kafka, exactly-once v2 with one transactional producer per instance) or `kafkajs`
     * (exactly-once with one transactional producer per task). The services' own producers stay on kafkajs.
     */
    KAFKA_STREAMS_CLIENT: z
      .enum(['kafkajs', 'platformatic'], { error: 'must be "kafkajs" or "platformatic"' })
      .default('platformatic'),
    /**
     * Static group membership (the library's `groupInstanceId`, Java's group.instance.id): a stable id per instance,
     * such as a StatefulSet pod's name. The instance does not leave the group when it stops, and coming back under
     * the same id within the session timeout moves no task. Unique per instance. Needs KAFKA_STREAMS_CLIENT=platformatic.
     */
    GROUP_INSTANCE_ID: z
      .string()
      .regex(/^[a-zA-Z0-9._-]{1,249}$/, 'may only contain letters, digits, ".", "_" and "-" (at most 249)')
      .optional(),
  };
}

export type StreamsServiceConfig = z.output<z.ZodObject<ReturnType<typeof streamsServiceShape>>>;

/** The directory, or its nearest existing ancestor (where it would be created), is a writable directory. */
function isWritableOrCreatable(path: string): boolean {
  let candidate = resolve(path);
  while (!existsSync(candidate)) {
    const parent = dirname(candidate);
    if (parent === candidate) return false;
    candidate = parent;
  }
  try {
    accessSync(candidate, constants.W_OK);
    return statSync(candidate).isDirectory();
  } catch {
    return false;
  }
}
