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

/**
 * Creates the topics that do not exist yet, with the manifest's partitions and config and a replication
 * factor of at most the number of brokers. Existing topics are left alone.
 */
export async function ensureTopics(admin: Admin, specs: ReadonlyArray<TopicSpec>): Promise<EnsureTopicsResult> {
  const existing = new Set(await admin.listTopics());
  const brokers = (await admin.describeCluster()).brokers.length;
  const missing = specs.filter((spec) => !existing.has(spec.name));
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((spec) => ({
        topic: spec.name,
        numPartitions: spec.partitions,
        replicationFactor: Math.min(spec.replicas, brokers),
        configEntries: Object.entries(spec.config).map(([name, value]) => ({ name, value })),
      })),
    });
  }
  const present = specs.filter((spec) => existing.has(spec.name));
  const mismatched: EnsureTopicsResult['mismatched'] = [];
  if (present.length > 0) {
    const { topics } = await admin.fetchTopicMetadata({ topics: present.map((spec) => spec.name) });
    for (const spec of present) {
      const actual = topics.find((topic) => topic.name === spec.name)?.partitions.length ?? 0;
      if (actual !== spec.partitions) mismatched.push({ name: spec.name, expected: spec.partitions, actual });
    }
  }
  return { created: missing.map((spec) => spec.name), mismatched };
}
