// The state of one task (Java's ProcessorStateManager): its directory, its stores built from the
// sub-topology's builders with a changelog sink that writes through the task's collector, the changelog
// offsets the stores are known to contain, and the checkpoint file that records them.
//
// Under exactly-once the stores may reach disk ahead of what is committed (window and session segments commit
// every 4,096 writes; any store on close), so a checkpoint exists only while the stores hold committed state
// alone: it is deleted once the task starts processing and written again only by a clean close (Java's rule). An
// instance that crashes leaves no checkpoint, and the next start wipes the stores and restores them in full.
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { TopicPartition } from '../../runtime/topic-partition.js';
import { type ChangelogSink } from '../state/changelog.js';
import { changelogTopicName } from '../../state/changelog-topic-name.js';
import { deleteCheckpoint, readCheckpoint, writeCheckpoint, type CheckpointRead } from '../state/checkpoint.js';
import { clearBulkRestoreMark, hasBulkRestoreMark, markBulkRestore } from '../state/bulk-restore-mark.js';
import type { StateStore } from '../../state/store.js';
import type { BuiltStore, BulkLoading, StoreBuilder } from '../../state/stores.js';
import { restoreTopic } from '../assignment/changelog-topics.js';
import type { StreamsLogger } from '../../runtime/logger.js';
import type { TaskRecordCollector } from './task-collector.js';
import type { RecordCache } from '../state/record-cache.js';
import { TaskRecordCache } from '../state/task-record-cache.js';
import { TopicPartitionMap } from '../topic-partition-map.js';

export interface ChangelogPartition extends TopicPartition {
  readonly storeName: string;
  /** Persistent stores keep what they restored; in-memory ones always replay the whole changelog. */
  readonly persistent: boolean;
  /**
   * The changelog is the store's source topic (`builder.table()`): the task also processes it, so a restore stops
   * at the group's committed offset and the task processes the rest (Java's changelogAsSource).
   */
  readonly sourceTopic: boolean;
  readonly restore: (key: Buffer, value: Buffer | null, timestamp?: number) => void;
}

export interface TaskStateOptions {
  readonly taskId: string;
  readonly partition: number;
  readonly applicationId: string;
  readonly stateDir: string;
  readonly builders: ReadonlyArray<StoreBuilder<StateStore>>;
  /** Where changelog records go, and what was acknowledged (a standby task's stores are only restored). */
  readonly collector: Pick<TaskRecordCollector, 'sendChangelog' | 'writtenOffsets'>;
  /**
   * The timestamp changelog records carry (Java: the record context's): the record being processed, or the
   * punctuation's time. Never the wall clock at send time, which would make a changelog's timestamps (and its
   * time-based retention) depend on when it was processed.
   */
  readonly changelogTimestamp: () => number;
  readonly logger: StreamsLogger;
  /** The instance's record cache, for the stores that cache (active tasks only: a standby never writes). */
  readonly recordCache?: RecordCache;
  /** Exactly-once: no checkpoint while the task processes (see above). */
  readonly exactlyOnce?: boolean;
}

interface RegisteredStore {
  readonly builder: StoreBuilder<StateStore>;
  readonly built: BuiltStore<StateStore>;
  readonly changelog: TopicPartition | undefined;
}

export const taskDirectory = (stateDir: string, applicationId: string, taskId: string): string =>
  join(stateDir, applicationId, taskId);

export class TaskState {
  readonly directory: string;
  private registered: RegisteredStore[] = [];
  private taskCache: TaskRecordCache | undefined;
  /** Next changelog offset per "<topic>:<partition>" that the stores are known to contain. */
  private readonly restoredOffsets = new TopicPartitionMap<bigint>();
  /** The stores bulk-loading a restore, if any. */
  private bulkLoading: BulkLoading[] = [];

  constructor(private readonly options: TaskStateOptions) {
    this.directory = taskDirectory(options.stateDir, options.applicationId, options.taskId);
    this.build();
  }

  private build(): void {
    const { builders, applicationId, partition, collector, changelogTimestamp, recordCache, taskId } = this.options;
    const cache = (this.taskCache = recordCache ? new TaskRecordCache(recordCache, taskId) : undefined);
    this.registered = builders.map((builder) => {
      const topic = changelogTopicName(applicationId, builder.name);
      const restoreFrom = restoreTopic(builder, applicationId);
      const changelog: ChangelogSink = {
        send: (key, value, timestamp) =>
          collector.sendChangelog({
            topic,
            partition,
            key,
            value,
            timestamp: timestamp ?? changelogTimestamp(),
            headers: [],
          }),
      };
      return {
        builder,
        built: builder.build({ taskDirectory: this.directory, changelog, ...(cache ? { recordCache: cache } : {}) }),
        changelog: restoreFrom === undefined ? undefined : { topic: restoreFrom, partition },
      };
    });
  }

  /** The record cache of the stores, which the task binds itself to and flushes at every commit. */
  recordCache(): TaskRecordCache | undefined {
    return this.taskCache;
  }

  stores(): ReadonlyMap<string, StateStore> {
    return new Map(this.registered.map(({ builder, built }) => [builder.name, built.store]));
  }

  changelogPartitions(): ChangelogPartition[] {
    return this.registered.flatMap(({ builder, built, changelog }) =>
      changelog
        ? [
            {
              ...changelog,
              storeName: builder.name,
              persistent: builder.persistent,
              sourceTopic: !builder.loggingEnabled,
              restore: built.restore,
            },
          ]
        : [],
    );
  }

  async open(): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    for (const { built } of this.registered) await built.store.open();
  }

  readCheckpoint(): Promise<CheckpointRead> {
    return readCheckpoint(this.directory);
  }

  /** Deletes everything on disk and starts with empty stores (a checkpoint that cannot be trusted). */
  async wipe(): Promise<void> {
    await this.closeStores();
    await rm(this.directory, { recursive: true, force: true });
    this.restoredOffsets.clear();
    this.build();
    await this.open();
  }

  /**
   * Whether a restore in bulk-loading mode was cut short (a crash): the stores may be corrupt, whatever the
   * checkpoint says.
   */
  bulkRestoreInterrupted(): Promise<boolean> {
    return hasBulkRestoreMark(this.directory);
  }

  /** Before a restore: the stores that can bulk-load do, once the directory is marked (see BulkLoading). */
  async beginBulkRestore(): Promise<void> {
    const loading = this.registered.flatMap(({ built }) => (built.bulkLoading ? [built.bulkLoading] : []));
    if (loading.length === 0) return;
    await markBulkRestore(this.directory);
    for (const store of loading) store.beginBulkLoad();
    this.bulkLoading = loading;
  }

  /** After a restore, before any checkpoint: the stores' writes are on disk, then the mark goes. */
  async endBulkRestore(): Promise<void> {
    const loading = this.bulkLoading.splice(0);
    if (loading.length === 0) return;
    for (const store of loading) await store.endBulkLoad();
    await clearBulkRestoreMark(this.directory);
  }

  markRestored(partition: TopicPartition, nextOffset: bigint): void {
    this.restoredOffsets.set(partition, nextOffset);
  }

  async flushStores(): Promise<void> {
    for (const { built } of this.registered) await built.store.flush();
  }

  /** Flushes the stores (one LevelDB batch each), then records the changelog offsets they contain. */
  async checkpoint(): Promise<void> {
    // Read before flushing: every acknowledged changelog record was put into its store before it was sent,
    // so the flushed stores contain at least what these offsets claim.
    const written = new TopicPartitionMap(this.options.collector.writtenOffsets());
    await this.flushStores();
    const persistent = new TopicPartitionMap<bigint>();
    for (const { builder, changelog } of this.registered) {
      if (!changelog || !builder.persistent) continue;
      const key = { topic: changelog.topic, partition: changelog.partition };
      // A source-topic changelog is never written by its store (what the task may send to that topic is other
      // output): such a store is known to contain what it restored, and processing only adds to that.
      const offset = (builder.loggingEnabled ? written.get(key) : undefined) ?? this.restoredOffsets.get(key);
      if (offset !== undefined) persistent.set(key, offset);
    }
    if (persistent.size > 0) await writeCheckpoint(this.directory, persistent);
  }

  /**
   * The task is about to process. Under exactly-once its stores will hold uncommitted writes from now on, which
   * only the changelogs can undo: the checkpoint goes, so that a crash leads to a wipe and a full restore.
   */
  async startProcessing(): Promise<void> {
    if (this.options.exactlyOnce) await deleteCheckpoint(this.directory);
  }

  /**
   * After a commit: flushes the stores (bounding what they buffer) and, except under exactly-once, records their
   * changelog offsets.
   */
  async committed(): Promise<void> {
    if (this.options.exactlyOnce) await this.flushStores();
    else await this.checkpoint();
  }

  /** A clean close checkpoints first; a dirty one (crash, fatal error) leaves the last checkpoint as it was. */
  async close(clean: boolean): Promise<void> {
    if (clean) {
      try {
        await this.checkpoint();
      } catch (error) {
        this.options.logger.warn('could not checkpoint task state on close', {
          taskId: this.options.taskId,
          error: String(error),
        });
      }
    }
    await this.closeStores();
  }

  /**
   * Closes the stores and deletes the task's state (exactly-once, when the stores may hold uncommitted changes).
   * The checkpoint goes first: a crash half-way leaves stores without a checkpoint, which an exactly-once start
   * wipes as well.
   */
  async closeAndWipe(): Promise<void> {
    await deleteCheckpoint(this.directory);
    await this.closeStores();
    await rm(this.directory, { recursive: true, force: true });
  }

  private async closeStores(): Promise<void> {
    // Whatever is still cached was not committed: dropped, as the store it never reached.
    this.taskCache?.close();
    for (const { builder, built } of this.registered) {
      try {
        if (built.store.isOpen()) await built.store.close();
      } catch (error) {
        this.options.logger.warn('error while closing state store', {
          taskId: this.options.taskId,
          store: builder.name,
          error: String(error),
        });
      }
    }
  }
}
