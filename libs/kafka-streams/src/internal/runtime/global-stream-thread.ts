// Keeps this instance's global stores current (Java's GlobalStreamThread): one consumer outside the group
// reads every partition of every global store's topic. `bootstrap` reads up to the end offsets taken at
// start (from the checkpoint, else from the beginning) before stream tasks may start; reading then goes on
// for as long as the application runs. Records run through each store's processor in its own task; the
// stores are checkpointed every commit interval and on a clean close.
import { createGlobalStoreTask } from '../engine/create-task.js';
import type { AdminClient, GlobalConsumer, PositionedBatch } from '../client/types.js';
import type { TopicPartition } from '../../runtime/topic-partition.js';
import type { StreamTask } from '../engine/contracts.js';
import type { ErrorHandlers } from '../../errors/handlers.js';
import type { CheckpointRead } from '../state/checkpoint.js';
import { readOnlyStore } from '../state/read-only-store.js';
import type { StateStore } from '../../state/store.js';
import type { GlobalStoreUpdate } from '../../runtime/global-store-update.js';
import type { GlobalStorePlan } from '../topology/plan.js';
import { GlobalState } from './global-state.js';
import { applyInSlices } from './apply-in-slices.js';
import type { GlobalUpdateListeners } from './global-update-listeners.js';
import type { StreamsLogger } from '../../runtime/logger.js';
import type { RestoreMetrics, StateRestoreListener } from '../../runtime/restore-listener.js';
import { type ReadonlyTopicPartitionMap, topicPartitionLabel, TopicPartitionMap } from '../topic-partition-map.js';
import type { GlobalStoreMetrics } from '../../runtime/metrics.js';

const ABORT_CHECK_MS = 200;

export interface GlobalStreamThreadOptions {
  readonly plans: ReadonlyArray<GlobalStorePlan>;
  readonly applicationId: string;
  readonly stateDir: string;
  readonly admin: AdminClient;
  readonly consumer: GlobalConsumer;
  /** The consumer's private group, deleted once it stopped. */
  readonly groupId: string;
  /** Partition count of every global store's topic. */
  readonly partitionCounts: ReadonlyMap<string, number>;
  readonly errorHandlers: ErrorHandlers;
  readonly commitIntervalMs: number;
  /** How often wall-clock punctuators of global processors fire and a due checkpoint is written. */
  readonly tickIntervalMs: number;
  readonly restoreListener?: StateRestoreListener;
  readonly restoreMetrics: RestoreMetrics;
  readonly updateListeners: GlobalUpdateListeners;
  readonly logger: StreamsLogger;
  /** The consumer or a global processor failed for good (after the bootstrap; before, `bootstrap` rejects). */
  readonly onFatalError: (error: Error) => void;
}

interface PartitionProgress extends TopicPartition {
  readonly store: string;
  /** The end offset when the application started: records before it are restored, later ones live updates. */
  readonly bootstrapEnd: bigint;
  /** The next offset to read; what the checkpoint records. */
  position: bigint;
  highWatermark: bigint;
  restoring: boolean;
  restored: number;
  readonly startedAt: number;
}

interface GlobalTask {
  readonly plan: GlobalStorePlan;
  readonly task: StreamTask;
}

export class GlobalStreamThread {
  private readonly state: GlobalState;
  private readonly progress = new TopicPartitionMap<PartitionProgress>();
  /** By topic. */
  private readonly tasks = new Map<string, GlobalTask>();
  /** Live updates applied, by store. */
  private readonly applied = new Map<string, number>();
  private views = new Map<string, StateStore>();
  private bootstrapped = false;
  private closing = false;
  private failure: Error | undefined;
  private caughtUp: (() => void) | undefined;
  private failed: ((error: Error) => void) | undefined;
  /** Batches, punctuations and checkpoints never overlap: stores must not change while they are flushed. */
  private lock: Promise<unknown> = Promise.resolve();
  private ticker: NodeJS.Timeout | undefined;
  private tickPending = false;
  private lastCheckpointAt = 0;
  private checkpointed = new TopicPartitionMap<bigint>();

  constructor(private readonly options: GlobalStreamThreadOptions) {
    this.state = new GlobalState(options.stateDir, options.applicationId, options.plans, options.logger);
  }

  /** Read-only views of the global stores, for stream tasks (valid once `bootstrap` resolved). */
  storeViews(): ReadonlyMap<string, StateStore> {
    return this.views;
  }

  /** The store, once bootstrapped (interactive queries); undefined before. */
  queryableStore(name: string): StateStore | undefined {
    return this.bootstrapped && !this.closing ? this.state.store(name) : undefined;
  }

  isBootstrapped(): boolean {
    return this.bootstrapped;
  }

  metrics(): Record<string, GlobalStoreMetrics> {
    const metrics: Record<string, GlobalStoreMetrics> = {};
    for (const { plan } of this.tasks.values()) {
      const store = plan.storeBuilder.name;
      const partitions = [...this.progress.values()].filter((p) => p.store === store);
      metrics[store] = {
        bootstrapped: partitions.every((p) => !p.restoring),
        recordsApplied: this.applied.get(store) ?? 0,
        lag: partitions.reduce((sum, p) => sum + Math.max(0, Number(p.highWatermark - p.position)), 0),
      };
    }
    return metrics;
  }

  /**
   * Opens the stores and reads every partition up to its end offset; resolves then (reading goes on), or
   * early once `aborted()` holds. Rejects when the stores cannot be opened or a record cannot be applied.
   */
  async bootstrap(aborted: () => boolean): Promise<void> {
    const { plans, admin, logger } = this.options;
    await this.state.open();
    const checkpoint = await this.state.readCheckpoint();
    if (checkpoint.status === 'corrupt') {
      logger.warn(
        'global state checkpoint is corrupt; restoring the global stores from the beginning of their topics',
        {
          directory: this.state.directory,
          reason: checkpoint.reason,
        },
      );
    }
    const partitions = plans.flatMap(({ topic }) =>
      Array.from({ length: this.options.partitionCounts.get(topic) ?? 0 }, (_, partition) => ({ topic, partition })),
    );
    const offsets = TopicPartitionMap.fromLabels(await admin.offsetRange(partitions));
    for (const plan of plans) await this.planRestore(plan, checkpoint, offsets);
    for (const plan of plans) this.createTask(plan);
    this.views = new Map(plans.map(({ storeBuilder: { name } }) => [name, readOnlyStore(this.state.store(name)!)]));

    const restoring = [...this.progress.values()].filter((p) => p.restoring);
    for (const p of restoring)
      this.options.restoreListener?.onRestoreStart(p.store, p.partition, p.position, p.bootstrapEnd);
    if (restoring.length > 0) {
      logger.info('restoring global stores', {
        partitions: restoring.map((p) => `${topicPartitionLabel(p)} [${p.position}, ${p.bootstrapEnd})`),
      });
    }
    const done = new Promise<void>((resolve, reject) => {
      this.caughtUp = resolve;
      this.failed = reject;
    });
    done.catch(() => undefined); // a failure before `await done` below is not an unhandled rejection
    this.resolveIfCaughtUp();
    await this.options.consumer.start(
      [...this.progress.values()].map((p) => ({ topic: p.topic, partition: p.partition, offset: p.position })),
      (batch) => this.exclusive(() => this.apply(batch)),
      (error) => this.fail(error),
    );
    const watchdog = setInterval(() => aborted() && this.caughtUp?.(), ABORT_CHECK_MS);
    try {
      await done;
    } finally {
      clearInterval(watchdog);
    }
    if (aborted()) return;
    await this.exclusive(() => this.checkpoint());
    this.bootstrapped = true;
    logger.info('global stores bootstrapped', { stores: plans.map((p) => p.storeBuilder.name) });
    this.ticker = setInterval(() => this.tick(), this.options.tickIntervalMs);
  }

  /** Stops reading; `clean` (no failure) also checkpoints what the stores contain. Closes the stores. */
  async close(clean: boolean): Promise<void> {
    this.closing = true;
    clearInterval(this.ticker);
    this.caughtUp?.();
    const { consumer, admin, groupId, logger } = this.options;
    try {
      await consumer.stop();
      await admin.deleteGroups([groupId]);
    } catch (error) {
      logger.warn('error while stopping the global consumer', { groupId, error: String(error) });
    }
    await this.exclusive(async () => {
      if (clean && !this.failure) {
        try {
          await this.checkpoint();
        } catch (error) {
          this.options.logger.warn('could not checkpoint the global stores on close', { error: String(error) });
        }
      }
      for (const { task } of this.tasks.values()) task.close();
      await this.state.close();
    });
  }

  private async planRestore(
    plan: GlobalStorePlan,
    checkpoint: CheckpointRead,
    offsets: ReadonlyTopicPartitionMap<{ readonly earliest: bigint; readonly end: bigint }>,
  ): Promise<void> {
    const store = plan.storeBuilder.name;
    const count = this.options.partitionCounts.get(plan.topic) ?? 0;
    const trusted = checkpoint.status === 'valid' && this.state.trustsCheckpoint(store);
    if (checkpoint.status === 'valid' && !trusted && plan.storeBuilder.persistent) {
      this.options.logger.warn('global store data is missing; restoring it from the beginning of its topic', { store });
    }
    const ranges = Array.from({ length: count }, (_, partition) => {
      const key = { topic: plan.topic, partition };
      const { earliest, end } = offsets.get(key) ?? { earliest: 0n, end: 0n };
      const checkpointed = trusted && checkpoint.status === 'valid' ? checkpoint.offsets.get(key) : undefined;
      const start = checkpointed === undefined || checkpointed < earliest ? earliest : checkpointed;
      return { partition, earliest, start, end };
    });
    if (ranges.some((r) => r.start > r.end)) {
      // The store claims more than the topic holds (it was deleted and re-created): start over.
      this.options.logger.warn('global store checkpoint is ahead of its topic; wiping the store and restoring it', {
        store,
        topic: plan.topic,
      });
      await this.state.wipe(store);
      for (const r of ranges) r.start = r.earliest;
    }
    for (const { partition, start, end } of ranges) {
      this.progress.set(
        { topic: plan.topic, partition },
        {
          topic: plan.topic,
          partition,
          store,
          bootstrapEnd: end,
          position: start,
          highWatermark: end,
          restoring: start < end,
          restored: 0,
          startedAt: Date.now(),
        },
      );
    }
  }

  private createTask(plan: GlobalStorePlan): void {
    const { applicationId, errorHandlers, logger } = this.options;
    const name = plan.storeBuilder.name;
    const inputs = [...this.progress.values()]
      .filter((p) => p.store === name)
      .map(({ topic, partition }) => ({ topic, partition }));
    const task = createGlobalStoreTask(
      plan,
      inputs,
      {
        applicationId,
        errorHandlers,
        internalTopicName: (topic) => `${applicationId}-${topic}`,
        logger,
        stores: new Map([[name, this.state.store(name)!]]),
      },
      (update) => this.onApplied(update),
    );
    this.tasks.set(plan.topic, { plan, task });
  }

  /** Live updates (past the bootstrap end) are counted and told to update listeners; restored ones are not. */
  private onApplied(update: GlobalStoreUpdate<unknown, unknown>): void {
    const progress = this.progress.get(update);
    if (!progress || update.offset < progress.bootstrapEnd) return;
    this.applied.set(update.store, (this.applied.get(update.store) ?? 0) + 1);
    this.options.updateListeners.notify(update);
  }

  /** Runs a fetched batch through its store's task, in slices bounded by time, and accounts for restore progress. */
  private async apply(batch: PositionedBatch): Promise<void> {
    if (this.closing || this.failure) return;
    const progress = this.progress.get(batch);
    const global = this.tasks.get(batch.topic);
    if (!progress || !global) return;
    const { records } = batch;
    const applied = await applyInSlices(
      records,
      (record) => {
        global.task.addRecords([record]);
        while (global.task.process(Date.now()));
      },
      () => this.closing,
    );
    if (!applied) {
      // What was processed is in the store; the rest is read again next time.
      progress.position = global.task.committableOffsets().get(topicPartitionLabel(batch)) ?? progress.position;
      return;
    }
    progress.position = batch.nextOffset;
    progress.highWatermark = batch.highWatermark;
    if (progress.restoring)
      this.recordRestored(
        progress,
        records.filter((r) => r.offset < progress.bootstrapEnd),
      );
  }

  private recordRestored(progress: PartitionProgress, restored: ReadonlyArray<{ readonly offset: bigint }>): void {
    const { restoreListener, restoreMetrics } = this.options;
    if (restored.length > 0) {
      progress.restored += restored.length;
      restoreMetrics.recordBatch(progress.store, restored.length);
      restoreListener?.onBatchRestored(progress.store, progress.partition, restored.at(-1)!.offset, restored.length);
    }
    if (progress.position < progress.bootstrapEnd) return;
    progress.restoring = false;
    restoreMetrics.recordEnd(progress.store, Date.now() - progress.startedAt);
    restoreListener?.onRestoreEnd(progress.store, progress.partition, progress.restored);
    this.resolveIfCaughtUp();
  }

  private resolveIfCaughtUp(): void {
    if ([...this.progress.values()].every((p) => !p.restoring)) this.caughtUp?.();
  }

  private tick(): void {
    if (this.tickPending || this.closing || this.failure) return;
    this.tickPending = true;
    void this.exclusive(async () => {
      const now = Date.now();
      for (const { task } of this.tasks.values()) task.punctuateWallClock(now);
      if (now - this.lastCheckpointAt >= this.options.commitIntervalMs) await this.checkpoint();
    })
      .catch((error: unknown) => this.fail(error instanceof Error ? error : new Error(String(error))))
      .finally(() => (this.tickPending = false));
  }

  /** Flushes the stores and records how far they read, when that changed since the last checkpoint. */
  private async checkpoint(): Promise<void> {
    this.lastCheckpointAt = Date.now();
    const positions = new TopicPartitionMap([...this.progress].map(([key, p]) => [key, p.position] as const));
    if ([...positions].every(([key, offset]) => this.checkpointed.get(key) === offset)) return;
    await this.state.checkpoint(positions);
    this.checkpointed = positions;
  }

  private fail(error: Error): void {
    if (this.failure || this.closing) return;
    this.failure = error;
    clearInterval(this.ticker);
    this.options.logger.error('global store update failed', { error: error.message });
    if (this.bootstrapped) this.options.onFatalError(error);
    else this.failed?.(error);
  }

  private exclusive<T>(work: () => Promise<T> | T): Promise<T> {
    const run = this.lock.then(work);
    this.lock = run.catch(() => undefined);
    return run;
  }
}
