// Resolves a TopologyPlan against the cluster: real topic names, partition counts of every source and
// internal topic (repartition topics inherit the count of the sub-topology that writes them), and
// co-partitioning, as Kafka Streams' InternalTopicManager and CopartitionedTopicsEnforcer do.
import type { AdminClient, NewTopic } from '../client/types.js';
import { changelogTopicName } from '../../state/changelog-topic-name.js';
import type { InternalTopicSpec, TopicRef, TopologyPlan } from '../topology/plan.js';
import { MissingSinkTopicError, MissingSourceTopicError, TopologyTopicsError } from '../../errors/exceptions.js';

export interface SubtopologyTopics {
  readonly id: number;
  readonly sourceTopics: ReadonlyArray<string>;
}

export interface TopicLayout {
  readonly subtopologies: ReadonlyArray<SubtopologyTopics>;
  readonly partitionCounts: ReadonlyMap<string, number>;
  readonly internalTopics: ReadonlyArray<NewTopic>;
  /** Internal topics that do not exist yet. */
  readonly missingInternalTopics: ReadonlyArray<NewTopic>;
}

/**
 * Java's defaults (RepartitionTopicConfig, UnwindowedChangelogTopicConfig): repartition topics keep their records
 * until the application purges what it committed (retention.ms=-1), so a consumer that falls behind never loses
 * any; every internal topic keeps the producer's timestamps.
 */
const DEFAULT_CONFIG: Readonly<Record<InternalTopicSpec['kind'], Readonly<Record<string, string>>>> = {
  repartition: {
    'cleanup.policy': 'delete',
    'retention.ms': '-1',
    'segment.bytes': String(50 * 1024 * 1024),
    'message.timestamp.type': 'CreateTime',
  },
  changelog: { 'cleanup.policy': 'compact', 'message.timestamp.type': 'CreateTime' },
};

export async function resolveTopicLayout(
  plan: TopologyPlan,
  admin: AdminClient,
  options: { readonly applicationId: string; readonly replicationFactor: number },
): Promise<TopicLayout> {
  const internalName = (name: string) => `${options.applicationId}-${name}`;
  const nameOf = (ref: TopicRef) => (ref.internal ? internalName(ref.name) : ref.name);
  const existing = await admin.listTopics();
  const internalNames = new Set(plan.internalTopics.map((spec) => internalName(spec.name)));

  const subtopologies = plan.subtopologies.map((sub) => {
    const named = sub.sourceTopics.map(nameOf);
    const matched = existing.filter(
      (topic) => !internalNames.has(topic) && sub.sourcePatterns.some((pattern) => matches(pattern, topic)),
    );
    return { id: sub.id, sourceTopics: [...new Set([...named, ...matched])] };
  });

  const externalSources = unique(subtopologies.flatMap((s) => s.sourceTopics).filter((t) => !internalNames.has(t)));
  const externalSinks = unique(
    plan.subtopologies.flatMap((s) => s.sinkTopics.filter((ref) => !ref.internal).map((ref) => ref.name)),
  );
  // Global stores read every partition of their topics on every instance: only their counts are needed.
  const globalTopics = unique((plan.globalStores ?? []).map((global) => global.topic));
  const counts = await admin.partitionCounts([...externalSources, ...externalSinks, ...globalTopics]);
  const missingSources = [...externalSources, ...globalTopics].filter((topic) => !counts.has(topic));
  if (missingSources.length > 0) throw new MissingSourceTopicError(missingSources);
  const missingSinks = externalSinks.filter((topic) => !counts.has(topic));
  if (missingSinks.length > 0) throw new MissingSinkTopicError(missingSinks);

  const fixed = new Set<string>();
  for (const spec of plan.internalTopics) {
    if (spec.partitions !== undefined) {
      counts.set(internalName(spec.name), spec.partitions);
      fixed.add(internalName(spec.name));
    }
  }
  resolveWrittenInternalTopics(plan, subtopologies, counts, internalName);
  enforceCopartitioning(plan, nameOf, counts, fixed, internalNames);

  const internalTopics: NewTopic[] = plan.internalTopics.map((spec) => {
    const name = internalName(spec.name);
    const partitions = counts.get(name);
    if (partitions === undefined) {
      throw new TopologyTopicsError(
        `Cannot determine the partition count of internal topic ${name}: no sub-topology with known source topics writes it`,
      );
    }
    return {
      name,
      partitions,
      replicationFactor: options.replicationFactor,
      config: { ...DEFAULT_CONFIG[spec.kind], ...spec.config },
    };
  });

  const declared = new Set(internalTopics.map((t) => t.name));
  internalTopics.push(
    ...storeChangelogTopics(plan, subtopologies, counts, options).filter((topic) => !declared.has(topic.name)),
  );

  const existingCounts = await admin.partitionCounts(internalTopics.map((t) => t.name));
  for (const topic of internalTopics) {
    const actual = existingCounts.get(topic.name);
    if (actual !== undefined && actual !== topic.partitions) {
      throw new TopologyTopicsError(
        `Internal topic ${topic.name} exists with ${actual} partitions, but the topology needs ${topic.partitions}`,
      );
    }
  }
  const missingInternalTopics = internalTopics.filter((topic) => !existingCounts.has(topic.name));
  return { subtopologies, partitionCounts: counts, internalTopics, missingInternalTopics };
}

/**
 * One compacted changelog per logged store, `<applicationId>-<store>-changelog`, with as many partitions
 * as the store's sub-topology has tasks (task p writes and restores partition p).
 */
function storeChangelogTopics(
  plan: TopologyPlan,
  subtopologies: ReadonlyArray<SubtopologyTopics>,
  counts: ReadonlyMap<string, number>,
  options: { readonly applicationId: string; readonly replicationFactor: number },
): NewTopic[] {
  return plan.subtopologies.flatMap((sub) => {
    const logged = (sub.stores ?? []).filter((builder) => builder.loggingEnabled);
    if (logged.length === 0) return [];
    const sources = subtopologies.find((s) => s.id === sub.id)?.sourceTopics ?? [];
    const partitions = Math.max(0, ...sources.map((topic) => counts.get(topic) ?? 0));
    if (partitions === 0) {
      throw new TopologyTopicsError(
        `Cannot determine the partition count of the changelogs of sub-topology ${sub.id}: its source topics have no known partition count`,
      );
    }
    return logged.map((builder) => ({
      name: changelogTopicName(options.applicationId, builder.name),
      partitions,
      replicationFactor: options.replicationFactor,
      config: { ...DEFAULT_CONFIG.changelog, ...builder.changelogConfig },
    }));
  });
}

/** Repartition topics whose count is not fixed get the largest partition count among the writer's sources. */
function resolveWrittenInternalTopics(
  plan: TopologyPlan,
  subtopologies: ReadonlyArray<SubtopologyTopics>,
  counts: Map<string, number>,
  internalName: (name: string) => string,
): void {
  // Writers may read other internal topics, so iterate until nothing changes.
  for (let changed = true; changed;) {
    changed = false;
    for (const sub of plan.subtopologies) {
      const sources = subtopologies.find((s) => s.id === sub.id)?.sourceTopics ?? [];
      const sourceCounts = sources.map((topic) => counts.get(topic));
      if (sourceCounts.length === 0 || sourceCounts.some((count) => count === undefined)) continue;
      const max = Math.max(...(sourceCounts as number[]));
      for (const ref of sub.sinkTopics) {
        if (!ref.internal) continue;
        const name = internalName(ref.name);
        const spec = plan.internalTopics.find((s) => s.name === ref.name);
        if (spec && spec.partitions === undefined && (counts.get(name) ?? 0) < max) {
          counts.set(name, max);
          changed = true;
        }
      }
    }
  }
}

function enforceCopartitioning(
  plan: TopologyPlan,
  nameOf: (ref: TopicRef) => string,
  counts: Map<string, number>,
  fixed: ReadonlySet<string>,
  internalNames: ReadonlySet<string>,
): void {
  for (const sub of plan.subtopologies) {
    for (const group of sub.copartitionGroups) {
      const topics = group.map(nameOf);
      const adjustable = topics.filter((t) => internalNames.has(t) && !fixed.has(t));
      const settled = topics.filter((t) => !adjustable.includes(t));
      const reference = settled.length > 0 ? settled : topics;
      const known = reference.map((t) => counts.get(t)).filter((c): c is number => c !== undefined);
      if (known.length === 0) continue;
      const target = Math.max(...known);
      for (const topic of adjustable) counts.set(topic, target);
      const mismatched = topics.filter((t) => counts.get(t) !== target);
      if (mismatched.length > 0) {
        throw new TopologyTopicsError(
          `Topics not co-partitioned in sub-topology ${sub.id}: ${topics
            .map((t) => `${t} (${counts.get(t) ?? '?'} partitions)`)
            .join(', ')}; they must have the same number of partitions`,
        );
      }
    }
  }
}

function matches(pattern: RegExp, topic: string): boolean {
  pattern.lastIndex = 0;
  const match = pattern.exec(topic);
  return match !== null && match.index === 0 && match[0].length === topic.length;
}

function unique<T>(items: ReadonlyArray<T>): T[] {
  return [...new Set(items)];
}
