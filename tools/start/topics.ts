// The topics the system needs, read from the Strimzi KafkaTopic manifests (the one place their partition
// counts and configs are written down), and created on a broker where they are missing.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Admin } from 'kafkajs';
import { parseAllDocuments } from 'yaml';

export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly replicas: number;
  readonly config: Readonly<Record<string, string>>;
}

interface KafkaTopicManifest {
  readonly kind?: unknown;
  readonly metadata?: { readonly name?: unknown };
  readonly spec?: { readonly partitions?: unknown; readonly replicas?: unknown; readonly config?: unknown };
}

/** Every KafkaTopic in the `.yaml` files of `directory` (multi-document files included), sorted by name. */
export function readTopicSpecs(directory: string): TopicSpec[] {
  const specs: TopicSpec[] = [];
  for (const file of readdirSync(directory)
    .filter((name) => name.endsWith('.yaml'))
    .sort()) {
    const path = join(directory, file);
    for (const document of parseAllDocuments(readFileSync(path, 'utf8'))) {
      if (document.errors.length > 0) throw new Error(`${path}: ${document.errors[0]!.message}`);
      const manifest = document.toJS() as KafkaTopicManifest | null;
      if (manifest?.kind !== 'KafkaTopic') continue;
      specs.push(topicSpecOf(manifest, path));
    }
  }
  return specs.sort((a, b) => a.name.localeCompare(b.name));
}

function topicSpecOf({ metadata, spec }: KafkaTopicManifest, path: string): TopicSpec {
  const name = metadata?.name;
  const partitions = spec?.partitions;
  if (typeof name !== 'string' || !Number.isInteger(partitions) || (partitions as number) < 1) {
    throw new Error(`${path}: a KafkaTopic needs metadata.name and spec.partitions (a positive integer)`);
  }
  const config = Object.fromEntries(
    Object.entries((spec?.config ?? {}) as Record<string, unknown>).map(([key, value]) => [key, String(value)]),
  );
  const replicas = Number.isInteger(spec?.replicas) ? (spec!.replicas as number) : 1;
  return { name, partitions: partitions as number, replicas, config };
}

/** The same topics under names starting with `prefix` (an isolated copy of the system on a shared broker). */
export function withPrefix(specs: ReadonlyArray<TopicSpec>, prefix: string): TopicSpec[] {
  return specs.map((spec) => ({ ...spec, name: `${prefix}${spec.name}` }));
}

export interface EnsureTopicsResult {
  readonly created: string[];
  /** Existing topics whose partition count differs from the manifest (left as they are). */
  readonly mismatched: Array<{ readonly name: string; readonly expected: number; readonly actual: number }>;
}

export interface EnsureTopicsOptions {
  /** Attempts in all, retriable failures only (default 10). */
  readonly attempts?: number;
  /** Delay before the n-th retry: n × this (default 500 ms). */
  readonly retryDelayMs?: number;
  /** Told about each retriable failure before its retry (start.ts says nothing, or one quiet line). */
  readonly onRetry?: (error: unknown, attempt: number) => void;
}

/**
 * Creates the topics that do not exist yet, with the manifest's partitions and config and a replication
 * factor of at most the number of brokers, and waits until every partition of the created ones has a leader.
 * Existing topics are left alone.
 *
 * A freshly formatted broker answers the first requests with retriable errors ("This server does not host
 * this topic-partition" while it loads the new topics' leadership, "The coordinator is loading"...): those
 * are retried, starting over from what exists by then (a topic an interrupted attempt created counts as
 * created). Anything else, or the last attempt's error, is thrown.
 */
export async function ensureTopics(
  admin: Admin,
  specs: ReadonlyArray<TopicSpec>,
  { attempts = 10, retryDelayMs = 500, onRetry }: EnsureTopicsOptions = {},
): Promise<EnsureTopicsResult> {
  let existedBefore: ReadonlySet<string> | undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      const existing = new Set(await admin.listTopics());
      existedBefore ??= existing;
      await createMissing(admin, specs, existing);
      const created = specs.filter((spec) => !existedBefore!.has(spec.name)).map((spec) => spec.name);
      return { created, mismatched: await partitionCounts(admin, specs, existedBefore, new Set(created)) };
    } catch (error) {
      if (attempt >= attempts || !isRetriableKafkaError(error)) throw error;
      onRetry?.(error, attempt);
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs * attempt));
    }
  }
}

async function createMissing(admin: Admin, specs: ReadonlyArray<TopicSpec>, existing: ReadonlySet<string>) {
  const missing = specs.filter((spec) => !existing.has(spec.name));
  if (missing.length === 0) return;
  const brokers = (await admin.describeCluster()).brokers.length;
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((spec) => ({
        topic: spec.name,
        numPartitions: spec.partitions,
        replicationFactor: Math.min(spec.replicas, brokers),
        configEntries: Object.entries(spec.config).map(([name, value]) => ({ name, value })),
      })),
    });
  } catch (error) {
    // Created meanwhile (another start, or an attempt whose answer was lost): as good as created now.
    if (!onlyAlreadyExists(error)) throw error;
  }
}

/**
 * The partition count mismatches of the topics that existed before; for those created now, a check that every
 * partition has a leader (else a retriable error: the broker is still taking them over).
 */
async function partitionCounts(
  admin: Admin,
  specs: ReadonlyArray<TopicSpec>,
  existedBefore: ReadonlySet<string>,
  created: ReadonlySet<string>,
): Promise<EnsureTopicsResult['mismatched']> {
  const names = specs.map((spec) => spec.name);
  if (names.length === 0) return [];
  const { topics } = await admin.fetchTopicMetadata({ topics: names });
  const mismatched: EnsureTopicsResult['mismatched'] = [];
  for (const spec of specs) {
    const partitions = topics.find((topic) => topic.name === spec.name)?.partitions ?? [];
    if (created.has(spec.name)) {
      if (partitions.length < spec.partitions || partitions.some((p) => p.leader < 0)) {
        throw new LeaderNotAvailable(spec.name);
      }
    } else if (existedBefore.has(spec.name) && partitions.length !== spec.partitions) {
      mismatched.push({ name: spec.name, expected: spec.partitions, actual: partitions.length });
    }
  }
  return mismatched;
}

/** A new topic whose partitions have no leader yet: retriable, like the broker's LEADER_NOT_AVAILABLE. */
class LeaderNotAvailable extends Error {
  readonly retriable = true;
  constructor(topic: string) {
    super(`topic ${topic} has partitions without a leader yet`);
    this.name = 'LeaderNotAvailable';
  }
}

/** kafkajs errors that say "not yet" rather than "no": connection trouble, timeouts, retriable broker codes. */
const RETRIABLE_NAMES = new Set([
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTopicMetadataNotLoaded',
  'KafkaJSBrokerNotFound',
  'KafkaJSLockTimeout',
]);

/** True if `error`, its cause chain or (for an aggregate) any of its errors is retriable. */
export function isRetriableKafkaError(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 8) return false;
  const e = error as {
    name?: unknown;
    retriable?: unknown;
    cause?: unknown;
    originalError?: unknown;
    errors?: unknown;
  };
  if (e.retriable === true || (typeof e.name === 'string' && RETRIABLE_NAMES.has(e.name))) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isRetriableKafkaError(inner, depth + 1))) return true;
  return isRetriableKafkaError(e.cause, depth + 1) || isRetriableKafkaError(e.originalError, depth + 1);
}

function onlyAlreadyExists(error: unknown): boolean {
  const errors = (error as { errors?: unknown }).errors;
  return (
    Array.isArray(errors) &&
    errors.length > 0 &&
    errors.every((inner) => (inner as { type?: unknown }).type === 'TOPIC_ALREADY_EXISTS')
  );
}
