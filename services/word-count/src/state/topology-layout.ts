import type { Topology } from '@streamkit/kafka-streams';

/** One sub-topology as it runs on the cluster: the topics its tasks read and the stores they hold. */
export interface SubtopologyLayout {
  readonly id: number;
  /** Source topics as named on the cluster (internal ones carry the application id prefix). */
  readonly sourceTopics: ReadonlyArray<string>;
  readonly stores: ReadonlyArray<string>;
}

/** What the dashboard draws and what maps a task's metrics to its sub-topology. */
export interface TopologyLayout {
  readonly applicationId: string;
  /** Java's TopologyDescription text. */
  readonly description: string;
  /** The library's Mermaid flowchart of the same graph. */
  readonly mermaid: string;
  /** Repartition topics and store changelogs, as named on the cluster. */
  readonly internalTopics: ReadonlyArray<string>;
  readonly subtopologies: ReadonlyArray<SubtopologyLayout>;
}

export function topologyLayout(topology: Topology, applicationId: string): TopologyLayout {
  const description = topology.describe();
  const internalTopics = topology.internalTopicNames(applicationId);
  // describe() names internal topics without the application id, as Java does; the cluster has them prefixed.
  const onCluster = (topic: string): string =>
    internalTopics.includes(`${applicationId}-${topic}`) ? `${applicationId}-${topic}` : topic;
  return {
    applicationId,
    description: description.toString(),
    mermaid: description.toMermaid(),
    internalTopics,
    subtopologies: description.subtopologies.map(({ id, nodes }) => ({
      id,
      sourceTopics: nodes.filter((node) => node.kind === 'source').flatMap((node) => node.topics.map(onCluster)),
      stores: [...new Set(nodes.flatMap((node) => node.stores))],
    })),
  };
}
