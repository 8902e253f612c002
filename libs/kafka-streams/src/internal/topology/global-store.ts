// The plan of one global store: its source and processor run in a task of their own (Java's global task, created
// by internal/engine/create-task.ts), which applies every record of the store's topic to the store.
import type { StateStore } from '../../state/store.js';
import type { StoreBuilder } from '../../state/stores.js';
import type { NodeSpec, ProcessorNodeSpec, SourceNodeSpec } from '../../topology/nodes.js';
import type { GlobalStorePlan } from './plan.js';

/** What a Topology records for a global store. */
export interface GlobalStoreNodes {
  readonly builder: StoreBuilder<StateStore>;
  readonly sourceName: string;
  readonly processorName: string;
  readonly topic: string;
}

export function globalStorePlan(
  global: GlobalStoreNodes,
  id: number,
  nodes: ReadonlyMap<string, NodeSpec>,
): GlobalStorePlan {
  const { builder, sourceName, processorName, topic } = global;
  return {
    id,
    topic,
    storeBuilder: builder,
    source: nodes.get(sourceName) as SourceNodeSpec,
    processor: nodes.get(processorName) as ProcessorNodeSpec,
  };
}
