// Owns the tasks of this instance: creates and closes them when the assignment changes, routes fetched
// records to them by topic-partition, runs them one record at a time, and reports committable offsets.
import type { RecordCache } from '../state/record-cache.js';
import { createStreamTask } from '../engine/create-task.js';
import type { FetchedBatch, GroupConsumer, OffsetRange, TopicPartitionOffset } from '../client/types.js';
import { InputLags } from './input-lags.js';
import type { TopicPartition } from '../../runtime/topic-partition.js';
import { type ConsumedRecord, type StreamTask, zeroTaskMetrics } from '../engine/contracts.js';
import { formatTaskId } from '../../processor/task-id.js';
import type { ErrorHandlers } from '../../errors/handlers.js';
import { LatencyHistogram, PROCESS_LATENCY_BUCKETS_MS } from './instruments/latency-histogram.js';
import type { ActiveTaskMetrics } from '../../runtime/metrics.js';
import { storeEntries } from './instruments/task-metrics.js';
import type { StateStore } from '../../state/store.js';
import type { StoreBuilder } from '../../state/stores.js';
import type { TopologyPlan } from '../topology/plan.js';
import type { StreamsLogger } from '../../runtime/logger.js';
import type { OutputPartitioner } from './output-partitioner.js';
import type { StateRestorer } from './state-restorer.js';
import { type RecordSender, TaskRecordCollector } from './task-collector.js';
import type { TaskDefinition } from './task-layout.js';
import { parseTopicPartitionLabel, topicPartitionLabel, TopicPartitionMap } from '../topic-partition-map.js';
import { decodePartitionTime, encodePartitionTime } from './partition-time-metadata.js';
import type { TaskHooks, TaskLifecycle } from './task-lifecycle.js';
import { TaskState } from './task-state.js';

interface ActiveTask {
  readonly task: StreamTask;
  readonly collector: TaskRecordCollector;
  readonly state: TaskState | undefined;
  readonly processLatency: LatencyHistogram;
  /** This instance of the task's lifecycle hooks, if there is a lifecycle. */
  readonly hooks: TaskHooks | undefined;
}

/**
 * A task being prepared (the lifecycle's `starting`, exactly-once) and, when stateful, restored; its partitions
 * are paused meanwhile.
 */
interface RestoringTask {
  readonly definition: TaskDefinition;
  readonly collector: TaskRecordCollector;
  readonly state: TaskState | undefined;
  readonly hooks: TaskHooks | undefined;
  /** Records fetched before the pause took effect, handed to the task once it exists. */
  readonly buffered: ConsumedRecord[];
  /** Partition times read from the committed offsets' metadata, per "<topic>:<partition>". */
  readonly partitionTimes: Map<string, number>;
  /** Per input partition, where reading starts and where the partition ended when the task started. */
  readonly startingLags: Array<{ readonly partition: TopicPartition; readonly position: bigint; readonly end: bigint }>;
  aborted: boolean;
  /** Settles once the task is active, or its stores are closed again (aborted, failed). */
  settled: Promise<void>;
}

export interface TaskManagerOptions {
  readonly plan: TopologyPlan;
  readonly applicationId: string;
  readonly errorHandlers: ErrorHandlers;
  readonly logger: StreamsLogger;
  readonly partitioner: OutputPartitioner;
  /** What a task writes with when the lifecycle gives it nothing of its own: the shared producer. */
  readonly producerFor: (taskId: string) => RecordSender;
  readonly consumer: GroupConsumer;
  readonly taskDefinitions: () => ReadonlyArray<TaskDefinition>;
  /** Where task state lives (`<stateDir>/<applicationId>/<taskId>`). */
  readonly stateDir: string;
  /** Restores stateful tasks; required when the plan has stores. */
  readonly restorer?: StateRestorer;
  /** Read-only views of the global stores, which every task may read. */
  readonly globalStores?: () => ReadonlyMap<string, StateStore>;
  /** A stateful task could not be initialized or closed. */
  readonly onFatalError?: (error: Error) => void;
  /** The last restoring task became active. */
  readonly onRestorationComplete?: () => void;
  /**
   * Called before a stateful task opens its stores; resolves once another holder of that state on this instance
   * (a standby copy) checkpointed and closed it, so the task restores only what the copy lacks.
   */
  readonly stateHandover?: (taskId: string) => Promise<void>;
  /** The instance's record cache (`cacheMaxBytes`), shared by the cached stores of the active tasks. */
  readonly recordCache?: RecordCache;
  /** Hooks around each task's start and stop (exactly-once); every new task then starts through them. */
  readonly lifecycle?: TaskLifecycle;
  /** Exactly-once: a task's checkpoint is deleted while it processes (TaskState). */
  readonly exactlyOnce?: boolean;
  /**
   * The group's committed offsets of the given partitions, with their metadata. When given, every new task reads
   * its partition times back from them before it processes anything (its partitions paused meanwhile).
   */
  readonly committedOffsets?: (
    partitions: ReadonlyArray<TopicPartition>,
  ) => Promise<ReadonlyArray<TopicPartitionOffset>>;
  /**
   * Java's max.task.idle.ms, with the partitions' offset ranges it needs (read when a task starts): a task with
   * several inputs waits for data on all of them. Absent: tasks never wait.
   */
  readonly idling?: {
    readonly maxTaskIdleMs: number;
    readonly offsetRanges: (partitions: ReadonlyArray<TopicPartition>) => Promise<ReadonlyMap<string, OffsetRange>>;
  };
}

/** One active task's share of a commit (exactly-once commits every task in its own transaction). */
export interface TaskCommitUnit {
  readonly taskId: string;
  /** Next offsets to commit per input partition, as of when the unit was taken. */
  readonly offsets: ReadonlyArray<TopicPartitionOffset>;
  /** Sends what the task produced and waits for the acknowledgements. */
  flush(): Promise<void>;
  /** Flushes the task's stores and, except under exactly-once, writes their checkpoint. */
  checkpoint(): Promise<void>;
  markCommitted(): void;
}

export class TaskManager {
  private readonly tasks = new Map<string, ActiveTask>();
  private readonly taskByPartition = new TopicPartitionMap<ActiveTask>();
  private readonly restoring = new Map<string, RestoringTask>();
  private readonly restoringByPartition = new TopicPartitionMap<RestoringTask>();
  /** Stateful tasks whose stores are still closing: a task re-created meanwhile waits (LevelDB's lock). */
  private readonly closing = new Map<string, Promise<void>>();
  /** Offset after the last record handed to a task, per partition: where fetching must continue. */
  private readonly fetchPositions = new TopicPartitionMap<bigint>();
  private readonly inputLags = new InputLags();

  constructor(private readonly options: TaskManagerOptions) {}

  taskIds(): string[] {
    return [...this.tasks.keys()];
  }

  restoringTaskIds(): string[] {
    return [...this.restoring.keys()];
  }

  /** Tasks whose state directories are in use. */
  tasksWithState(): Set<string> {
    return new Set([...this.tasks.keys(), ...this.restoring.keys(), ...this.closing.keys()]);
  }

  /**
   * Undefined while `taskId` is active or restoring here (its state is in use); otherwise resolves once a
   * closing active copy of it released its stores.
   */
  stateReleased(taskId: string): Promise<void> | undefined {
    if (this.tasks.has(taskId) || this.restoring.has(taskId)) return undefined;
    return this.closing.get(taskId) ?? Promise.resolve();
  }

  /** The stores named `name` of the active tasks (interactive queries). */
  activeStores(name: string): StateStore[] {
    return [...this.tasks.values()].flatMap(({ state }) => {
      const store = state?.stores().get(name);
      return store ? [store] : [];
    });
  }

  /** The store named `name` of the active task for `partition` (of the store's sub-topology), if it runs here. */
  activeStore(name: string, partition: number): StateStore | undefined {
    for (const { task, state } of this.tasks.values()) {
      if (task.id.partition !== partition) continue;
      const store = state?.stores().get(name);
      if (store) return store;
    }
    return undefined;
  }

  owns(partition: TopicPartition): boolean {
    return this.taskByPartition.has(partition) || this.restoringByPartition.has(partition);
  }

  /**
   * Applies a new assignment: closes tasks no longer assigned, creates new ones (stateful ones start by
   * restoring), and re-positions the partitions of kept tasks after what they already buffered (kafkajs
   * would restart from the last commit).
   */
  onAssigned(partitions: ReadonlyArray<TopicPartition>): void {
    const assigned = new TopicPartitionMap(partitions.map((partition) => [partition, true] as const));
    const wanted = new Map<string, TaskDefinition>();
    for (const definition of this.options.taskDefinitions()) {
      const inputs = definition.inputs.filter((input) => assigned.has(input));
      if (inputs.length > 0) wanted.set(formatTaskId(definition.id), { id: definition.id, inputs });
    }
    for (const [taskId, active] of this.tasks) {
      if (!wanted.has(taskId)) this.closeTask(taskId, active, true);
    }
    for (const [taskId, restoring] of this.restoring) {
      if (!wanted.has(taskId)) this.abortRestore(taskId, restoring);
    }
    for (const [taskId, definition] of wanted) {
      const kept = this.tasks.get(taskId)?.task.inputs ?? this.restoring.get(taskId)?.definition.inputs;
      if (kept) {
        for (const input of kept) {
          const position = this.fetchPositions.get(input);
          if (position !== undefined) this.options.consumer.seek({ ...input, offset: position });
        }
      } else if (
        this.storeBuilders(definition).length > 0 ||
        this.options.lifecycle ||
        this.options.committedOffsets ||
        this.options.idling
      ) {
        this.startRestoring(taskId, definition);
      } else {
        this.createTask(taskId, definition, {
          collector: this.newCollector(taskId),
          state: undefined,
          hooks: undefined,
        });
      }
    }
    this.options.logger.info('assignment applied', {
      tasks: [...this.tasks.keys()],
      restoring: [...this.restoring.keys()],
    });
  }

  /** Hands a fetched batch to its task; false when no task of this instance reads that partition. */
  addRecords(batch: FetchedBatch): boolean {
    const key = { topic: batch.topic, partition: batch.partition };
    const active = this.taskByPartition.get(key);
    const restoring = this.restoringByPartition.get(key);
    if ((!active && !restoring) || batch.records.length === 0) return false;
    const position = this.fetchPositions.get(key);
    // A batch can overlap what was already buffered (fetched before a re-positioning): skip the overlap.
    const fresh = position === undefined ? batch.records : batch.records.filter((r) => r.offset >= position);
    if (fresh.length === 0) return true;
    if (active) active.task.addRecords(fresh);
    else restoring!.buffered.push(...fresh);
    this.fetchPositions.set(key, fresh[fresh.length - 1]!.offset + 1n);
    this.inputLags.fetched(key, fresh[fresh.length - 1]!.offset + 1n);
    return true;
  }

  /** A fetch of `partition` was handled (also one that only moved past transaction markers). */
  onFetched(partition: TopicPartition, nextOffset: bigint, highWatermark: bigint): void {
    this.inputLags.fetched(partition, nextOffset, highWatermark);
  }

  /** Processes up to `maxRecords` records, round-robin over tasks; returns how many were processed. */
  process(maxRecords: number, wallClockMs: number): number {
    let processed = 0;
    let progressed = true;
    while (progressed && processed < maxRecords) {
      progressed = false;
      for (const { task, processLatency } of this.tasks.values()) {
        if (processed >= maxRecords) break;
        const started = performance.now();
        if (task.process(wallClockMs)) {
          processLatency.record(performance.now() - started);
          processed++;
          progressed = true;
        }
      }
    }
    return processed;
  }

  /** Per active task: its counters, how long processing a record took, and how big its stores are. */
  taskMetrics(): Record<string, ActiveTaskMetrics> {
    const metrics: Record<string, ActiveTaskMetrics> = {};
    for (const [taskId, { task, state, processLatency }] of this.tasks) {
      metrics[taskId] = {
        ...(task.metrics?.() ?? zeroTaskMetrics()),
        processLatency: processLatency.snapshot(),
        storeEntries: storeEntries(state?.stores() ?? []),
      };
    }
    return metrics;
  }

  /** Records the active tasks hold and have not processed yet (of one input partition, when given). */
  buffered(partition?: TopicPartition): number {
    if (partition) return this.taskByPartition.get(partition)?.task.buffered(partition) ?? 0;
    let total = 0;
    for (const { task } of this.tasks.values()) total += task.buffered();
    return total;
  }

  /** Records the active tasks produced and have not handed to the producer yet. */
  unsent(): number {
    let total = 0;
    for (const { collector } of this.tasks.values()) total += collector.pendingCount();
    return total;
  }

  punctuate(wallClockMs: number): void {
    for (const { task } of this.tasks.values()) task.punctuateWallClock(wallClockMs);
  }

  commitRequested(): boolean {
    for (const { task } of this.tasks.values()) if (task.commitRequested()) return true;
    return false;
  }

  /**
   * Writes every task's cached updates to its stores, changelogs and output (Java flushes the caches before a
   * commit): synchronous, so nothing is processed between it and the offsets a commit takes next.
   */
  flushCaches(): void {
    for (const { task } of this.tasks.values()) task.flushCache?.();
  }

  /** Offsets the current tasks could commit now. */
  committableOffsets(): TopicPartitionOffset[] {
    return [...this.tasks.values()].flatMap(({ task }) => processedOffsets(task));
  }

  /** Per active task, what committing it takes. */
  commitUnits(): TaskCommitUnit[] {
    return [...this.tasks].map(([taskId, { task, collector, state }]) => ({
      taskId,
      offsets: processedOffsets(task),
      flush: () => collector.flush(),
      checkpoint: async () => state?.committed(),
      markCommitted: () => task.markCommitted(),
    }));
  }

  /**
   * Closes an active task dirty and starts it again as if it was just assigned (exactly-once, after its
   * transaction failed): prepared by the lifecycle, restored, reading its input from where the lifecycle says.
   */
  reviveTask(taskId: string): void {
    const active = this.tasks.get(taskId);
    if (!active) return;
    this.closeTask(taskId, active, false);
    this.startRestoring(taskId, { id: active.task.id, inputs: active.task.inputs });
    this.options.logger.info('task restarting', { taskId });
  }

  /** Sends everything the tasks produced so far and waits for the broker's acknowledgements. */
  async flush(): Promise<void> {
    await Promise.all([...this.tasks.values()].map(({ collector }) => collector.flush()));
  }

  /** Flushes the active tasks' stores and writes their checkpoints (after `flush`, as part of a commit). */
  async checkpoint(): Promise<void> {
    await Promise.all([...this.tasks.values()].map(({ state }) => state?.committed()));
  }

  markCommitted(): void {
    for (const { task } of this.tasks.values()) task.markCommitted();
  }

  /** Closes every task; `clean` (after a successful final commit) also writes the checkpoints. */
  async closeAll(clean: boolean): Promise<void> {
    for (const [taskId, active] of this.tasks) this.closeTask(taskId, active, clean);
    for (const [taskId, restoring] of this.restoring) this.abortRestore(taskId, restoring);
    while (this.closing.size > 0) await Promise.all([...this.closing.values()]);
  }

  private storeBuilders(definition: TaskDefinition): ReadonlyArray<StoreBuilder<StateStore>> {
    return this.options.plan.subtopologies.find((s) => s.id === definition.id.subtopology)?.stores ?? [];
  }

  private newCollector(taskId: string, hooks?: TaskHooks): TaskRecordCollector {
    const { errorHandlers, logger, partitioner, producerFor } = this.options;
    const sender = hooks?.sender ?? producerFor(taskId);
    return new TaskRecordCollector(taskId, sender, partitioner, errorHandlers.production, logger);
  }

  private startRestoring(taskId: string, definition: TaskDefinition): void {
    const { restorer, applicationId, stateDir, logger, consumer, lifecycle } = this.options;
    const builders = this.storeBuilders(definition);
    if (!restorer && builders.length > 0) {
      throw new Error(`task ${taskId} has state stores but no restorer was configured`);
    }
    const hooks = lifecycle?.create(taskId);
    const collector = this.newCollector(taskId, hooks);
    const state =
      builders.length > 0
        ? new TaskState({
            taskId,
            partition: definition.id.partition,
            applicationId,
            stateDir,
            builders,
            collector,
            changelogTimestamp: () => this.changelogTimestamp(taskId),
            logger,
            ...(this.options.recordCache ? { recordCache: this.options.recordCache } : {}),
            exactlyOnce: this.options.exactlyOnce === true,
          })
        : undefined;
    const restoring: RestoringTask = {
      definition,
      collector,
      state,
      hooks,
      buffered: [],
      partitionTimes: new Map(),
      startingLags: [],
      aborted: false,
      settled: Promise.resolve(),
    };
    this.restoring.set(taskId, restoring);
    for (const input of definition.inputs) this.restoringByPartition.set(input, restoring);
    consumer.pause(definition.inputs);
    const previous = this.closing.get(taskId);
    restoring.settled = (async () => {
      await previous;
      if (hooks) this.reposition(restoring, await hooks.starting(definition.inputs, () => restoring.aborted));
      if (restoring.aborted) return;
      await this.readCommittedState(restoring);
      if (!state || !restorer || restoring.aborted) return;
      await this.options.stateHandover?.(taskId);
      await restorer.restore(taskId, state, () => restoring.aborted);
      if (!restoring.aborted) await state.startProcessing();
    })().then(
      () => this.finishRestoring(taskId, restoring),
      async (error: unknown) => {
        this.forgetRestoring(taskId, restoring);
        await this.release(restoring, false, []);
        if (!restoring.aborted) this.options.onFatalError?.(toError(error, `could not restore task ${taskId}`));
      },
    );
  }

  /**
   * What the task's store writes carry to their changelogs: the timestamp of the record (or punctuation) being
   * processed; the wall clock only for a write outside of both (a processor's init), which has no record time.
   */
  private changelogTimestamp(taskId: string): number {
    const timestamp = this.tasks.get(taskId)?.task.currentTimestampMs?.() ?? -1;
    return timestamp >= 0 ? timestamp : Date.now();
  }

  private async finishRestoring(taskId: string, restoring: RestoringTask): Promise<void> {
    this.forgetRestoring(taskId, restoring);
    if (restoring.aborted) return this.release(restoring, true, []);
    try {
      for (const { partition, position, end } of restoring.startingLags) this.inputLags.start(partition, position, end);
      for (const record of restoring.buffered) this.inputLags.fetched(record, record.offset + 1n);
      const active = this.createTask(taskId, restoring.definition, restoring, restoring.partitionTimes);
      if (restoring.buffered.length > 0) active.task.addRecords(restoring.buffered);
    } catch (error) {
      this.trackClosing(taskId, this.release(restoring, false, []));
      this.options.onFatalError?.(toError(error, `could not create task ${taskId}`));
      return;
    }
    this.options.consumer.resume(restoring.definition.inputs);
    this.options.logger.info('task restored', { taskId });
    if (this.restoring.size === 0) this.options.onRestorationComplete?.();
  }

  /** Partition times from the committed offsets' metadata; with idling, how far behind each input starts. */
  private async readCommittedState(restoring: RestoringTask): Promise<void> {
    const { committedOffsets, idling } = this.options;
    const inputs = restoring.definition.inputs;
    const [committed, ranges] = await Promise.all([
      committedOffsets?.(inputs) ?? [],
      idling?.offsetRanges(inputs) ?? new Map<string, OffsetRange>(),
    ]);
    const positions = new Map<string, bigint>();
    for (const offset of committed) {
      positions.set(topicPartitionLabel(offset), offset.offset);
      const time = decodePartitionTime(offset.metadata);
      if (time >= 0) restoring.partitionTimes.set(topicPartitionLabel(offset), time);
    }
    for (const partition of inputs) {
      const range = ranges.get(topicPartitionLabel(partition));
      if (!range) continue;
      // No committed offset: the consumer reads from the beginning.
      const position = positions.get(topicPartitionLabel(partition)) ?? range.earliest;
      restoring.startingLags.push({ partition, position, end: range.end });
    }
  }

  /** Drops what was fetched for the task so far; its inputs are read from `positions` on. */
  private reposition(restoring: RestoringTask, positions: ReadonlyArray<TopicPartitionOffset>): void {
    if (restoring.aborted) return;
    restoring.buffered.splice(0);
    for (const position of positions) {
      this.fetchPositions.set(position, position.offset);
      this.options.consumer.seek(position);
    }
  }

  private abortRestore(taskId: string, restoring: RestoringTask): void {
    // The restore notices it at its next chunk and settles; finishRestoring then closes the stores.
    restoring.aborted = true;
    this.forgetRestoring(taskId, restoring);
    this.trackClosing(taskId, restoring.settled);
    for (const input of restoring.definition.inputs) {
      this.fetchPositions.delete(input);
      this.inputLags.forget(input);
    }
  }

  private forgetRestoring(taskId: string, restoring: RestoringTask): void {
    if (this.restoring.get(taskId) === restoring) this.restoring.delete(taskId);
    for (const input of restoring.definition.inputs) {
      if (this.restoringByPartition.get(input) === restoring) this.restoringByPartition.delete(input);
    }
  }

  private trackClosing(taskId: string, closing: Promise<void>): void {
    const tracked = closing
      .catch((error: unknown) =>
        this.options.logger.warn('error while closing task state', { taskId, error: String(error) }),
      )
      .finally(() => {
        if (this.closing.get(taskId) === tracked) this.closing.delete(taskId);
      });
    this.closing.set(taskId, tracked);
  }

  private createTask(
    taskId: string,
    definition: TaskDefinition,
    { collector, state, hooks }: Pick<ActiveTask, 'collector' | 'state' | 'hooks'>,
    partitionTimes?: ReadonlyMap<string, number>,
  ): ActiveTask {
    const { plan, applicationId, errorHandlers, logger } = this.options;
    const task = createStreamTask(plan, definition.id, definition.inputs, {
      applicationId,
      collector,
      errorHandlers,
      internalTopicName: (name) => `${applicationId}-${name}`,
      logger,
      stores: state?.stores() ?? new Map(),
      ...(state?.recordCache() ? { recordCache: state.recordCache() } : {}),
      globalStores: this.options.globalStores?.() ?? new Map(),
      ...(partitionTimes ? { initialPartitionTimes: partitionTimes } : {}),
      ...(this.options.idling
        ? {
            idling: {
              maxTaskIdleMs: this.options.idling.maxTaskIdleMs,
              fetchedLag: (topic: string, partition: number) => this.inputLags.lag({ topic, partition }),
            },
          }
        : {}),
    });
    const processLatency = new LatencyHistogram(PROCESS_LATENCY_BUCKETS_MS);
    const active = { task, collector, state, processLatency, hooks };
    this.tasks.set(taskId, active);
    for (const input of definition.inputs) this.taskByPartition.set(input, active);
    logger.debug('task created', { taskId, inputs: definition.inputs });
    return active;
  }

  private closeTask(taskId: string, active: ActiveTask, clean: boolean): void {
    const processed = processedOffsets(active.task);
    this.tasks.delete(taskId);
    for (const input of active.task.inputs) {
      this.taskByPartition.delete(input);
      this.fetchPositions.delete(input);
      this.inputLags.forget(input);
    }
    active.collector.discard();
    try {
      active.task.close();
    } catch (error) {
      this.options.logger.warn('error while closing task', { taskId, error: String(error) });
    }
    if (active.state || active.hooks) this.trackClosing(taskId, this.release(active, clean, processed));
    this.options.logger.debug('task closed', { taskId });
  }

  /** Ends a task's life: its hooks decide what its stores keep; without hooks a clean close checkpoints. */
  private async release(
    { state, hooks }: Pick<ActiveTask, 'state' | 'hooks'>,
    clean: boolean,
    processed: ReadonlyArray<TopicPartitionOffset>,
  ): Promise<void> {
    const disposal = await (hooks?.stopping(clean, processed) ?? (clean ? 'checkpoint' : 'keep'));
    if (!state) return;
    if (disposal === 'wipe') await state.closeAndWipe();
    else await state.close(disposal === 'checkpoint');
  }
}

/** The task's processed offsets, each with its partition time as metadata (Java's format) when the task tracks it. */
function processedOffsets(task: StreamTask): TopicPartitionOffset[] {
  const partitionTimes = task.partitionTimes?.();
  // The engine's contract labels offsets "<topic>:<partition>".
  return [...task.committableOffsets()].map(([label, offset]) => {
    const time = partitionTimes?.get(label);
    return {
      ...parseTopicPartitionLabel(label),
      offset,
      ...(time === undefined ? {} : { metadata: encodePartitionTime(time) }),
    };
  });
}

function toError(error: unknown, context: string): Error {
  return error instanceof Error ? error : new Error(`${context}: ${String(error)}`);
}
