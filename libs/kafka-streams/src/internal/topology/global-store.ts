// The plan of one global store: its source and processor run in a task of their own (Java's global task),
// which applies every record of the store's topic to the store. The processor can be wrapped to tell the
// runtime about each record it applied (update listeners).
import type { RecordCollector } from '../engine/contracts.js';
import { StreamTaskImpl } from '../engine/stream-task.js';
import type { Processor, ProcessorContext, ProcessorSupplier } from '../../processor/api.js';
import type { StateStore } from '../../state/store.js';
import type { StoreBuilder } from '../../state/stores.js';
import type { NodeSpec, ProcessorNodeSpec } from '../../topology/nodes.js';
import type { GlobalStoreUpdate } from '../../runtime/global-store-update.js';
import { GLOBAL_TASK_ID, type GlobalStorePlan } from './plan.js';

/** What a Topology records for a global store. */
export interface GlobalStoreNodes {
  readonly builder: StoreBuilder<StateStore>;
  readonly sourceName: string;
  readonly processorName: string;
  readonly topic: string;
}

type Untyped = ProcessorSupplier<unknown, unknown, unknown, unknown>;
type UpdateListener = (update: GlobalStoreUpdate<unknown, unknown>) => void;

export function globalStorePlan(
  global: GlobalStoreNodes,
  id: number,
  nodes: ReadonlyMap<string, NodeSpec>,
): GlobalStorePlan {
  const { builder, sourceName, processorName, topic } = global;
  const source = nodes.get(sourceName)!;
  const processor = nodes.get(processorName) as ProcessorNodeSpec;
  return {
    id,
    topic,
    storeBuilder: builder,
    createTask(inputs, env, onApplied) {
      const applying = onApplied
        ? { ...processor, supplier: notifying(processor.supplier, builder.name, onApplied) }
        : processor;
      return new StreamTaskImpl({
        id: GLOBAL_TASK_ID,
        inputs,
        env: { ...env, collector: noOutput },
        nodes: [source, applying],
      });
    },
  };
}

/** A global store's nodes have no sinks (validation sees to it): nothing is ever sent. */
const noOutput: RecordCollector = {
  send: (record) => {
    throw new Error(`A global store processor cannot write to topics (tried ${record.topic})`);
  },
  partitionsFor: (topic) => {
    throw new Error(`A global store processor cannot write to topics (asked about ${topic})`);
  },
};

/** Runs the processor, then reports the record it applied (not when it threw: the error handler decides). */
function notifying(supplier: Untyped, store: string, onApplied: UpdateListener): Untyped {
  return (): Processor<unknown, unknown, unknown, unknown> => {
    const inner = supplier();
    let context: ProcessorContext<unknown, unknown> | undefined;
    return {
      init: (given) => {
        context = given;
        inner.init?.(given);
      },
      process: (record) => {
        inner.process(record);
        const from = context?.recordMetadata();
        if (!from) return;
        onApplied({ store, key: record.key, value: record.value, timestamp: record.timestamp, ...from });
      },
      close: () => inner.close?.(),
    };
  };
}
