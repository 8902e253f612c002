// What a built Topology tells a runtime: which sub-topologies exist, what they read and write, which
// internal topics must exist, and the nodes each task runs. The plan only describes: tasks are created by the
// task manager, the global stream thread and the test driver (internal/engine/create-task.ts). Internal topic names here are *unprefixed*
// (e.g. "by-word-repartition"); runtimes prefix them with `<applicationId>-`, as Kafka Streams does.
import type { TaskCacheHandle } from '../state/task-record-cache.js';
import type { RecordCollector, StreamTask } from '../engine/contracts.js';
import type { TaskId } from '../../processor/task-id.js';
import type { ErrorHandlers } from '../../errors/handlers.js';
import type { StateStore } from '../../state/store.js';
import type { StoreBuilder } from '../../state/stores.js';
import type { StreamsLogger } from '../../runtime/logger.js';
import type { NodeSpec, ProcessorNodeSpec, SourceNodeSpec } from '../../topology/nodes.js';

export interface TopicRef {
  readonly name: string;
  /** True for repartition/changelog topics the runtime creates and names `<applicationId>-<name>`. */
  readonly internal: boolean;
}

export interface InternalTopicSpec {
  readonly name: string; // unprefixed
  readonly kind: 'repartition' | 'changelog';
  /** Fixed partition count, or undefined: "same as the source topics of the sub-topology that writes it" (resolved by the runtime). */
  readonly partitions?: number;
  readonly config?: Readonly<Record<string, string>>;
}

export interface SubtopologyPlan {
  readonly id: number;
  /** Topics read by this sub-topology's source nodes (external and internal). */
  readonly sourceTopics: ReadonlyArray<TopicRef>;
  /** A source pattern (stream(RegExp)); matched against the cluster's topic names by the runtime. */
  readonly sourcePatterns: ReadonlyArray<RegExp>;
  /** Topics written by sink nodes, when known statically (a TopicNameExtractor makes them dynamic). */
  readonly sinkTopics: ReadonlyArray<TopicRef>;
  /** Groups of source topics that must have the same partition count (joins, merges before state). */
  readonly copartitionGroups: ReadonlyArray<ReadonlyArray<TopicRef>>;
  /**
   * The state stores this sub-topology's processors use. Each task builds its own instance of every one
   * (`builder.build`), restores it from `<applicationId>-<name>-changelog` when `builder.loggingEnabled`
   * (that changelog has the partition count of this sub-topology's source topics), else from the task's
   * partition of `builder.sourceTopicChangelog` when set (a table's source topic), opens it, and passes it
   * to the task in `TaskEnvironment.stores`. Absent or empty: a stateless sub-topology.
   */
  readonly stores?: ReadonlyArray<StoreBuilder<StateStore>>;
  /** The source, processor and sink nodes each task of this sub-topology runs. */
  readonly nodes: ReadonlyArray<NodeSpec>;
}

export interface TaskEnvironment {
  readonly applicationId: string;
  readonly collector: RecordCollector;
  readonly errorHandlers: ErrorHandlers;
  /** Resolves an unprefixed internal topic name to the real one. */
  readonly internalTopicName: (name: string) => string;
  readonly logger: StreamsLogger;
  /** This task's opened, restored stores by name (see SubtopologyPlan.stores); empty for stateless tasks. */
  readonly stores?: ReadonlyMap<string, StateStore>;
  /** Global stores, which every processor may read without being connected to them (read-only views). */
  readonly globalStores?: ReadonlyMap<string, StateStore>;
  /** The record cache of this task's cached stores; the task flushes it when asked (every commit). */
  readonly recordCache?: TaskCacheHandle;
  /** The wall clock used when the task initializes its processors (default Date.now); the test driver mocks it. */
  readonly wallClock?: () => number;
  /**
   * How a task with several input partitions waits for data on all of them before choosing the next record
   * (Java's max.task.idle.ms). Absent: it never waits (the test driver, where every record is there when piped).
   */
  /**
   * Each input partition's time committed with its offset ("<topic>:<partition>" -> ms), set before the processors
   * start: what they take as the stream time observed so far, so a record late before a restart stays late.
   */
  readonly initialPartitionTimes?: ReadonlyMap<string, number>;
  readonly idling?: TaskIdling;
}

export interface TaskIdling {
  /** -1: never wait; 0: wait only for data known to be on the broker; > 0: also wait that long for new data. */
  readonly maxTaskIdleMs: number;
  /**
   * Records of the partition on the broker and not fetched yet (its end offset minus the fetch position);
   * undefined while unknown.
   */
  readonly fetchedLag: (topic: string, partition: number) => bigint | undefined;
}

/** The id of the task that fills a global store (Java's global task id is -1_-1 too). */
export const GLOBAL_TASK_ID: TaskId = { subtopology: -1, partition: -1 };

/**
 * A global store (StreamsBuilder.globalTable / addGlobalStore): every instance fills it from *every*
 * partition of `topic`, which serves as its changelog (the builder has logging disabled). Records run
 * through the store's own source and processor (for a global table: the latest value per key, null
 * deletes), in a task of their own that never produces. Stream tasks read the store through
 * `TaskEnvironment.globalStores`.
 */
export interface GlobalStorePlan {
  /** The sub-topology number describe() shows "for global store"; no stream task has it. */
  readonly id: number;
  readonly topic: string;
  readonly storeBuilder: StoreBuilder<StateStore>;
  /** The store's source node and the processor that applies each record to the store. */
  readonly source: SourceNodeSpec;
  readonly processor: ProcessorNodeSpec;
}

/** Builds a task for one sub-topology and partition; `inputs` are the resolved topic names it reads. */
export type StreamTaskFactory = (
  id: TaskId,
  inputs: ReadonlyArray<{ topic: string; partition: number }>,
  env: TaskEnvironment,
) => StreamTask;

/**
 * Obtained with `topology.plan()` (a `Topology` from `new StreamsBuilder().build()` or the Processor API);
 * `plan()` validates the topology and throws a TopologyError listing every problem.
 */
export interface TopologyPlan {
  readonly subtopologies: ReadonlyArray<SubtopologyPlan>;
  /** Global stores (absent or empty when there are none); see GlobalStorePlan. */
  readonly globalStores?: ReadonlyArray<GlobalStorePlan>;
  readonly internalTopics: ReadonlyArray<InternalTopicSpec>;
  /**
   * Only for hand-written plans of the runtime's own tests, whose tasks implement the engine contract directly:
   * stream tasks come from here instead of running the sub-topologies' `nodes`.
   */
  readonly customTasks?: StreamTaskFactory;
}
