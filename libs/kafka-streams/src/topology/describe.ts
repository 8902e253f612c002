// topology.describe(): the same text Java's TopologyDescription#toString prints (so descriptions can be
// compared with a Java application's), and a Mermaid flowchart of the same graph.
import { type NodeSpec, parentsOf } from './nodes.js';
import type { NodeGroup } from '../internal/topology/subtopologies.js';

export interface NodeDescription {
  readonly kind: NodeSpec['kind'];
  readonly name: string;
  /** Source: topics read (or the pattern); sink: the topic written (or the extractor's name). */
  readonly topics: ReadonlyArray<string>;
  readonly topicPattern: RegExp | undefined;
  readonly topicExtractor: string | undefined;
  readonly stores: ReadonlyArray<string>;
  readonly successors: ReadonlyArray<string>;
  readonly predecessors: ReadonlyArray<string>;
}

export interface SubtopologyDescription {
  readonly id: number;
  /** In Kafka Streams' order: largest sub-graph first, then by name. */
  readonly nodes: ReadonlyArray<NodeDescription>;
}

/** A global store's source and processor; its id is numbered with the sub-topologies', as in Java. */
export interface GlobalStoreDescription {
  readonly id: number;
  readonly source: NodeDescription;
  readonly processor: NodeDescription;
}

const joinNames = (names: ReadonlyArray<string>): string => (names.length === 0 ? 'none' : names.join(', '));

function nodeText(node: NodeDescription): string {
  switch (node.kind) {
    case 'source': {
      const topics = node.topicPattern ? node.topicPattern.source : `[${node.topics.join(', ')}]`;
      return `Source: ${node.name} (topics: ${topics})\n      --> ${joinNames(node.successors)}`;
    }
    case 'processor':
      return (
        `Processor: ${node.name} (stores: [${node.stores.join(', ')}])\n` +
        `      --> ${joinNames(node.successors)}\n      <-- ${joinNames(node.predecessors)}`
      );
    case 'sink': {
      const target =
        node.topicExtractor === undefined
          ? `topic: ${node.topics[0] ?? ''}`
          : `extractor class: ${node.topicExtractor}`;
      return `Sink: ${node.name} (${target})\n      <-- ${joinNames(node.predecessors)}`;
    }
  }
}

function subtopologyText(subtopology: SubtopologyDescription): string {
  return `Sub-topology: ${subtopology.id}\n${subtopology.nodes.map((node) => `    ${nodeText(node)}\n`).join('')}\n`;
}

// Java prints no blank line after a global store.
function globalStoreText({ id, source, processor }: GlobalStoreDescription): string {
  return `Sub-topology: ${id} for global store (will not generate tasks)\n    ${nodeText(source)}\n    ${nodeText(processor)}\n`;
}

export class TopologyDescription {
  constructor(
    readonly subtopologies: ReadonlyArray<SubtopologyDescription>,
    readonly globalStores: ReadonlyArray<GlobalStoreDescription> = [],
  ) {}

  /** Java's format, byte for byte (including its odd indentation of the first sub-topology). */
  toString(): string {
    const entries = [
      ...this.subtopologies.map((s) => ({ id: s.id, text: subtopologyText(s) })),
      ...this.globalStores.map((g) => ({ id: g.id, text: globalStoreText(g) })),
    ].sort((a, b) => a.id - b.id);
    return `Topologies:\n ${entries.map((entry) => `  ${entry.text}`).join('')}`;
  }

  /** A Mermaid flowchart: one subgraph per sub-topology, topics as parallelograms. */
  toMermaid(): string {
    const ids = new Map<string, string>();
    const idOf = (name: string): string => {
      let id = ids.get(name);
      if (id === undefined) ids.set(name, (id = `n${ids.size}`));
      return id;
    };
    const topicIds = new Map<string, string>();
    const topicOf = (topic: string): string => {
      let id = topicIds.get(topic);
      if (id === undefined) topicIds.set(topic, (id = `t${topicIds.size}`));
      return id;
    };
    const quote = (text: string): string => text.replaceAll('"', '#quot;');
    const lines = ['flowchart TD'];
    const edges: string[] = [];
    const groups = [
      ...this.subtopologies.map((s) => ({ id: s.id, title: `Sub-topology: ${s.id}`, nodes: s.nodes })),
      ...this.globalStores.map((g) => ({ id: g.id, title: `Global store: ${g.id}`, nodes: [g.source, g.processor] })),
    ].sort((a, b) => a.id - b.id);
    for (const subtopology of groups) {
      lines.push(`    subgraph s${subtopology.id}["${subtopology.title}"]`);
      for (const node of subtopology.nodes) {
        const label =
          node.kind === 'processor' && node.stores.length > 0
            ? `${node.name}<br/>stores: ${node.stores.join(', ')}`
            : node.name;
        lines.push(`        ${idOf(node.name)}["${quote(label)}"]`);
        for (const successor of node.successors) edges.push(`    ${idOf(node.name)} --> ${idOf(successor)}`);
        if (node.kind === 'source') {
          const inputs = node.topicPattern ? [`/${node.topicPattern.source}/`] : node.topics;
          for (const topic of inputs) edges.push(`    ${topicOf(topic)}[/"${quote(topic)}"/] --> ${idOf(node.name)}`);
        }
        if (node.kind === 'sink') {
          const topic =
            node.topicExtractor === undefined ? (node.topics[0] ?? '') : `extractor: ${node.topicExtractor}`;
          edges.push(`    ${idOf(node.name)} --> ${topicOf(topic)}[/"${quote(topic)}"/]`);
        }
      }
      lines.push('    end');
    }
    return [...lines, ...edges].join('\n') + '\n';
  }
}

export function describeGroups(
  nodes: ReadonlyMap<string, NodeSpec>,
  groups: ReadonlyArray<NodeGroup>,
  isGlobal: (groupId: number) => boolean = () => false,
): TopologyDescription {
  const children = new Map<string, string[]>();
  for (const node of nodes.values()) {
    for (const parent of parentsOf(node)) {
      const list = children.get(parent) ?? [];
      if (!list.includes(node.name)) list.push(node.name);
      children.set(parent, list);
    }
  }
  // Kafka Streams orders nodes by the size of the graph below them (number of paths), then by name.
  const sizes = new Map<string, number>();
  const sizeOf = (name: string): number => {
    const known = sizes.get(name);
    if (known !== undefined) return known;
    sizes.set(name, 1); // guards against cycles, which validation reports
    const size = 1 + (children.get(name) ?? []).reduce((sum, child) => sum + sizeOf(child), 0);
    sizes.set(name, size);
    return size;
  };
  const order = (a: string, b: string): number => sizeOf(b) - sizeOf(a) || (a < b ? -1 : a > b ? 1 : 0);

  const describe = (name: string): NodeDescription => {
    const node = nodes.get(name)!;
    const topics =
      node.kind === 'source' ? node.topics : node.kind === 'sink' && typeof node.topic === 'string' ? [node.topic] : [];
    return {
      kind: node.kind,
      name,
      topics,
      topicPattern: node.kind === 'source' ? node.pattern : undefined,
      topicExtractor:
        node.kind === 'sink' && typeof node.topic === 'function' ? node.topic.name || 'anonymous' : undefined,
      stores: node.kind === 'processor' ? node.stores : [],
      successors: [...(children.get(name) ?? [])].sort(order),
      predecessors: [...new Set(parentsOf(node))].sort(order),
    };
  };
  const described = groups.map((group) => ({ id: group.id, nodes: [...group.nodes].sort(order).map(describe) }));
  return new TopologyDescription(
    described.filter((group) => !isGlobal(group.id)),
    described
      .filter((group) => isGlobal(group.id))
      .map(({ id, nodes: [source, processor] }) => ({ id, source: source!, processor: processor! })),
  );
}
