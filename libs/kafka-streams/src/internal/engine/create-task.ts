// Where tasks are created from a plan: the task manager (stream tasks), the global stream thread (global tasks)
// and the TopologyTestDriver (both) call these; the plan itself only describes the nodes each task runs.
import type { RecordCollector, StreamTask } from './contracts.js';
import type { TaskId } from '../../processor/task-id.js';
import { StreamTaskImpl } from './stream-task.js';
import type { Processor, ProcessorContext, ProcessorSupplier } from '../../processor/api.js';
import type { GlobalStoreUpdate } from '../../runtime/global-store-update.js';
import { GLOBAL_TASK_ID, type GlobalStorePlan, type TaskEnvironment, type TopologyPlan } from '../topology/plan.js';

type Inputs = ReadonlyArray<{ topic: string; partition: number }>;
type Untyped = ProcessorSupplier<unknown, unknown, unknown, unknown>;
type UpdateListener = (update: GlobalStoreUpdate<unknown, unknown>) => void;

/** The task of sub-topology `id.subtopology` for partition `id.partition`; `inputs` are the resolved topics it reads. */
export function createStreamTask(plan: TopologyPlan, id: TaskId, inputs: Inputs, env: TaskEnvironment): StreamTask {
  if (plan.customTasks) return plan.customTasks(id, inputs, env);
  const subtopology = plan.subtopologies.find((s) => s.id === id.subtopology);
  if (!subtopology)
    throw new RangeError(`Sub-topology ${id.subtopology} has no stream tasks (unknown, or a global store's)`);
  return new StreamTaskImpl({ id, inputs, env, nodes: subtopology.nodes });
}

/**
 * The task that applies records of `inputs` (partitions of the store's topic) to a global store, which
 * `env.stores` must hold, opened, under `plan.storeBuilder.name`. `onApplied` is called after each record the
 * processor handled without error.
 */
export function createGlobalStoreTask(
  plan: GlobalStorePlan,
  inputs: Inputs,
  env: Omit<TaskEnvironment, 'collector'>,
  onApplied?: UpdateListener,
): StreamTask {
  const { processor, source, storeBuilder } = plan;
  const applying = onApplied
    ? { ...processor, supplier: notifying(processor.supplier, storeBuilder.name, onApplied) }
    : processor;
  return new StreamTaskImpl({
    id: GLOBAL_TASK_ID,
    inputs,
    env: { ...env, collector: noOutput },
    nodes: [source, applying],
  });
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
