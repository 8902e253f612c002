// Standby tasks (Java's StandbyTask): copies of other instances' task state that this instance keeps warm by
// reading the tasks' changelogs continuously, so that when it takes a task over it restores only the tail.
// One consumer outside the group (like the global stores' one: an exact assigner and seeks) reads the changelog
// partitions of every standby task; it is replaced whenever the set of standby tasks changes. Stores are flushed
// after every fetched batch and checkpointed every interval and when a standby task ends, so its copy survives
// a restart of this instance too.
import type { AdminClient, GlobalConsumer, PositionedBatch, TopicPartitionOffset } from '../client/types.js';
import type { TopologyPlan } from '../topology/plan.js';
import { compareTaskIds } from '../assignment/task-placement.js';
import type { StreamsLogger } from '../../runtime/logger.js';
import { type ReadonlyTopicPartitionMap, topicPartitionLabel, TopicPartitionMap } from '../topic-partition-map.js';
import { type ChangelogPartition, TaskState } from './task-state.js';
import { applyInSlices } from './apply-in-slices.js';
import type { StandbyTaskMetrics } from '../../runtime/metrics.js';

export interface StandbyTasksOptions {
  readonly plan: TopologyPlan;
  readonly applicationId: string;
  readonly stateDir: string;
  readonly admin: Pick<AdminClient, 'offsetRange' | 'deleteGroups'>;
  /** A new consumer outside the group for the standby changelogs, with the private group id it joins. */
  readonly newReader: () => { readonly consumer: GlobalConsumer; readonly groupId: string };
  /**
   * Whether this instance's active copy of a task lets go of its state: undefined while the task is active or
   * restoring here (no standby then), else a promise that resolves once a closing active copy closed.
   */
  readonly activeStateReleased: (taskId: string) => Promise<void> | undefined;
  readonly checkpointIntervalMs: number;
  readonly logger: StreamsLogger;
  /** Wait before retrying after a reader failed or a standby task could not be opened (default 5 s). */
  readonly retryMs?: number;
  /**
   * Exactly-once: a task directory without a valid checkpoint may hold changes that never committed (its active
   * copy crashed here), so it is wiped before the standby applies the changelogs.
   */
  readonly wipeUncheckpointedState?: boolean;
}

interface StandbyTask {
  readonly taskId: string;
  readonly state: TaskState;
  /** By changelog partition. */
  readonly changelogs: ReadonlyTopicPartitionMap<ChangelogPartition>;
  /** Next offset to apply, per changelog partition. */
  readonly positions: TopicPartitionMap<bigint>;
  readonly highWatermarks: TopicPartitionMap<bigint>;
  checkpointed: ReadonlyTopicPartitionMap<bigint>;
  recordsApplied: number;
  closed: boolean;
}

/** Standby stores are only ever restored: nothing may write them, so nothing is sent to their changelogs. */
const RESTORE_ONLY = {
  sendChangelog(): void {
    throw new Error('a standby task only applies its changelogs; its stores must not be written');
  },
  writtenOffsets: (): ReadonlyTopicPartitionMap<bigint> => new TopicPartitionMap(),
};

export class StandbyTasks {
  private readonly tasks = new Map<string, StandbyTask>();
  private readonly byPartition = new TopicPartitionMap<StandbyTask>();
  private wanted = new Set<string>();
  private reader: { consumer: GlobalConsumer; groupId: string; partitions: string } | undefined;
  private closing = false;
  /** Serializes reconciliations (they replace the reader, which may take a group join). */
  private control: Promise<void> = Promise.resolve();
  /** Serializes everything that touches the stores: applying batches, checkpoints, opening and closing tasks. */
  private storesLock: Promise<unknown> = Promise.resolve();
  private readonly ticker: NodeJS.Timeout;
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly options: StandbyTasksOptions) {
    this.ticker = setInterval(() => void this.checkpointMoved(), options.checkpointIntervalMs);
    this.ticker.unref();
  }

  /** The standby tasks the latest assignment gave this instance; they are opened and closed in the background. */
  assign(taskIds: ReadonlyArray<string>): void {
    this.wanted = new Set(taskIds);
    void this.reconcile();
  }

  /** Standby tasks whose stores are open. */
  taskIds(): string[] {
    return [...this.tasks.keys()].sort(compareTaskIds);
  }

  /**
   * Live changelog positions per standby task, by "<topic>:<partition>" (reported to the group leader when
   * joining, in the assignment's user data).
   */
  offsets(): Map<string, ReadonlyMap<string, bigint>> {
    return new Map([...this.tasks].map(([taskId, task]) => [taskId, task.positions.toLabels()]));
  }

  metrics(): Record<string, StandbyTaskMetrics> {
    const metrics: Record<string, StandbyTaskMetrics> = {};
    for (const [taskId, task] of this.tasks) {
      let lag = 0n;
      for (const [key, position] of task.positions) {
        const end = task.highWatermarks.get(key) ?? position;
        if (end > position) lag += end - position;
      }
      metrics[taskId] = { lag: Number(lag), recordsApplied: task.recordsApplied };
    }
    return metrics;
  }

  /**
   * Hands this instance's standby copy of `taskId` over to its new active task: stops applying to it, checkpoints
   * it and closes its stores, so the active task opens them and restores only what the copy lacks.
   */
  release(taskId: string): Promise<void> {
    this.wanted.delete(taskId);
    return this.withStores(async () => {
      const task = this.tasks.get(taskId);
      if (task) await this.closeTask(task, true, 'handed over to the active task');
    });
  }

  /** Stops reading and closes every standby task; `clean` also checkpoints them. */
  async close(clean: boolean): Promise<void> {
    this.closing = true;
    clearInterval(this.ticker);
    clearTimeout(this.retry);
    await this.stopReader();
    await this.control;
    await this.withStores(async () => {
      for (const task of [...this.tasks.values()]) await this.closeTask(task, clean, 'closing');
    });
  }

  private reconcile(): Promise<void> {
    this.control = this.control.then(async () => {
      if (this.closing) return;
      try {
        await this.withStores(() => this.openAndCloseTasks());
        await this.replaceReaderIfNeeded();
      } catch (error) {
        if (this.closing) return; // the reader was stopped while it started
        this.options.logger.warn('could not update the standby tasks; retrying', { error: String(error) });
        this.retryLater();
      }
    });
    return this.control;
  }

  private async openAndCloseTasks(): Promise<void> {
    for (const task of [...this.tasks.values()]) {
      if (!this.wanted.has(task.taskId)) await this.closeTask(task, true, 'no longer assigned');
    }
    for (const taskId of [...this.wanted].sort(compareTaskIds)) {
      if (this.closing || this.tasks.has(taskId)) continue;
      const released = this.options.activeStateReleased(taskId);
      if (released === undefined) continue; // active here: the assignment will not keep it standby for long
      await released;
      if (this.closing || !this.wanted.has(taskId) || this.options.activeStateReleased(taskId) === undefined) continue;
      try {
        await this.openTask(taskId);
      } catch (error) {
        this.options.logger.warn('could not open a standby task; retrying', { taskId, error: String(error) });
        this.retryLater();
      }
    }
  }

  private async openTask(taskId: string): Promise<void> {
    const { plan, applicationId, stateDir, admin, logger } = this.options;
    const [subtopology, partition] = taskId.split('_').map(Number) as [number, number];
    const builders = plan.subtopologies.find((s) => s.id === subtopology)?.stores ?? [];
    const state = new TaskState({
      taskId,
      partition,
      applicationId,
      stateDir,
      builders,
      collector: RESTORE_ONLY,
      changelogTimestamp: () => {
        throw new Error(`standby task ${taskId} never writes to its changelogs`);
      },
      logger,
    });
    await state.open();
    const changelogs = state.changelogPartitions();
    if (changelogs.length === 0) {
      await state.close(false);
      return; // no changelog to keep it warm with
    }
    const checkpoint = await state.readCheckpoint();
    const ranges = TopicPartitionMap.fromLabels(await admin.offsetRange(changelogs));
    const checkpointed = (changelog: ChangelogPartition) =>
      changelog.persistent && checkpoint.status === 'valid' ? checkpoint.offsets.get(changelog) : undefined;
    const rangeOf = (changelog: ChangelogPartition) => ranges.get(changelog) ?? { earliest: 0n, end: 0n };
    const ahead = changelogs.some((c) => (checkpointed(c) ?? 0n) > rangeOf(c).end);
    if (ahead) logger.warn('standby checkpoint is ahead of its changelogs; wiping the standby state', { taskId });
    const wiped = ahead || (checkpoint.status !== 'valid' && this.options.wipeUncheckpointedState === true);
    if (wiped) await state.wipe();
    const positions = new TopicPartitionMap<bigint>();
    for (const changelog of wiped ? state.changelogPartitions() : changelogs) {
      const { earliest } = rangeOf(changelog);
      const offset = ahead ? undefined : checkpointed(changelog);
      const start = offset === undefined || offset < earliest ? earliest : offset;
      positions.set(changelog, start);
      state.markRestored(changelog, start);
    }
    const task: StandbyTask = {
      taskId,
      state,
      changelogs: new TopicPartitionMap(state.changelogPartitions().map((c) => [c, c] as const)),
      positions,
      highWatermarks: new TopicPartitionMap(
        [...positions.keys()].map((key) => [key, ranges.get(key)?.end ?? 0n] as const),
      ),
      checkpointed: new TopicPartitionMap(),
      recordsApplied: 0,
      closed: false,
    };
    this.tasks.set(taskId, task);
    for (const key of positions.keys()) this.byPartition.set(key, task);
    logger.info('standby task opened', {
      taskId,
      positions: [...positions].map(([key, offset]) => `${topicPartitionLabel(key)}@${offset}`),
    });
  }

  private async closeTask(task: StandbyTask, checkpoint: boolean, reason: string): Promise<void> {
    task.closed = true;
    this.tasks.delete(task.taskId);
    for (const key of task.positions.keys()) if (this.byPartition.get(key) === task) this.byPartition.delete(key);
    await task.state.close(checkpoint);
    this.options.logger.info('standby task closed', {
      taskId: task.taskId,
      reason,
      positions: [...task.positions].map(([key, offset]) => `${topicPartitionLabel(key)}@${offset}`),
    });
  }

  /** Starts a reader for the changelog partitions of the current tasks, unless the running one reads exactly those. */
  private async replaceReaderIfNeeded(): Promise<void> {
    const positions: TopicPartitionOffset[] = [...this.tasks.values()].flatMap((task) =>
      [...task.changelogs].map(([key, { topic, partition }]) => ({
        topic,
        partition,
        offset: task.positions.get(key)!,
      })),
    );
    const partitions = positions
      .map((p) => topicPartitionLabel(p))
      .sort()
      .join(',');
    if (this.reader?.partitions === partitions) return;
    await this.stopReader();
    if (positions.length === 0 || this.closing) return;
    const { consumer, groupId } = this.options.newReader();
    this.reader = { consumer, groupId, partitions };
    await consumer.start(
      positions,
      (batch) => this.withStores(() => this.apply(batch)),
      (error) => {
        this.options.logger.warn('standby reader failed; replacing it', { groupId, error: String(error) });
        if (this.reader?.consumer === consumer) this.reader = { ...this.reader, partitions: '' };
        this.retryLater();
      },
    );
    this.options.logger.info('standby reader started', { groupId, partitions: positions.length });
  }

  private async stopReader(): Promise<void> {
    const reader = this.reader;
    this.reader = undefined;
    if (!reader) return;
    try {
      await reader.consumer.stop();
      await this.options.admin.deleteGroups([reader.groupId]);
    } catch (error) {
      this.options.logger.warn('error while stopping a standby reader', {
        groupId: reader.groupId,
        error: String(error),
      });
    }
  }

  private retryLater(): void {
    if (this.closing || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.reconcile();
    }, this.options.retryMs ?? 5_000);
    this.retry.unref();
  }

  /** Applies a fetched batch to its task's stores, in chunks, then flushes them (bounded memory). */
  private async apply(batch: PositionedBatch): Promise<void> {
    const key = { topic: batch.topic, partition: batch.partition };
    const task = this.byPartition.get(key);
    if (!task || task.closed) return; // a task closed since the reader started
    const position = task.positions.get(key)!;
    const records = batch.records.filter((record) => record.offset >= position);
    const changelog = task.changelogs.get(key)!;
    await applyInSlices(
      records,
      (record) => {
        if (record.key !== null) changelog.restore(record.key, record.value, record.timestamp);
      },
      () => false,
    );
    if (batch.nextOffset > position) {
      task.positions.set(key, batch.nextOffset);
      task.state.markRestored(changelog, batch.nextOffset);
    }
    task.highWatermarks.set(key, batch.highWatermark);
    task.recordsApplied += records.length;
    if (records.length > 0) await task.state.flushStores();
  }

  /** Checkpoints the tasks that moved since their last checkpoint. */
  private checkpointMoved(): Promise<void> {
    return this.withStores(async () => {
      for (const task of this.tasks.values()) {
        if (samePositions(task.positions, task.checkpointed)) continue;
        const positions = new TopicPartitionMap(task.positions);
        try {
          await task.state.checkpoint();
          task.checkpointed = positions;
        } catch (error) {
          this.options.logger.warn('could not checkpoint a standby task', {
            taskId: task.taskId,
            error: String(error),
          });
        }
      }
    });
  }

  private withStores<T>(work: () => Promise<T>): Promise<T> {
    const run = this.storesLock.then(work);
    this.storesLock = run.catch(() => undefined);
    return run;
  }
}

function samePositions(a: ReadonlyTopicPartitionMap<bigint>, b: ReadonlyTopicPartitionMap<bigint>): boolean {
  return a.size === b.size && [...a].every(([key, offset]) => b.get(key) === offset);
}
