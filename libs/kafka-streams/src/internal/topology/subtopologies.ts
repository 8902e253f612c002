// Splits a topology into sub-topologies: the connected components of its processor graph (internal topics
// connect components only through Kafka). Ids follow Kafka Streams: components are numbered in the sorted
// order of their source node names, so ids are deterministic.
import { type NodeSpec, parentsOf } from '../../topology/nodes.js';

export interface NodeGroup {
  readonly id: number;
  /** Node names in insertion order. */
  readonly nodes: ReadonlyArray<string>;
}

/** `globalStores`: stores that do not put their users in one task (every task may read them). */
export function groupNodes(
  nodes: ReadonlyMap<string, NodeSpec>,
  globalStores: ReadonlySet<string> = new Set(),
): NodeGroup[] {
  const root = new Map<string, string>();
  const find = (name: string): string => {
    let current = name;
    while (root.get(current) !== current) current = root.get(current) ?? current;
    root.set(name, current);
    return current;
  };
  for (const name of nodes.keys()) root.set(name, name);
  for (const node of nodes.values()) {
    for (const parent of parentsOf(node)) {
      if (nodes.has(parent)) root.set(find(node.name), find(parent));
    }
  }
  // As in Kafka Streams, processors sharing a state store run in one task (e.g. a table and its joins).
  const storeUsers = new Map<string, string>();
  for (const node of nodes.values()) {
    if (node.kind !== 'processor') continue;
    for (const store of node.stores) {
      if (globalStores.has(store)) continue;
      const other = storeUsers.get(store);
      if (other === undefined) storeUsers.set(store, node.name);
      else root.set(find(node.name), find(other));
    }
  }
  const sortedNames = [...nodes.keys()].sort();
  const sources = sortedNames.filter((name) => nodes.get(name)?.kind === 'source');
  const idByRoot = new Map<string, number>();
  for (const name of [...sources, ...sortedNames]) {
    const r = find(name);
    if (!idByRoot.has(r)) idByRoot.set(r, idByRoot.size);
  }
  const groups: string[][] = Array.from({ length: idByRoot.size }, () => []);
  for (const name of nodes.keys()) groups[idByRoot.get(find(name))!]!.push(name);
  return groups.map((members, id) => ({ id, nodes: members }));
}
