// Restores a task's stores before it processes anything: replays each changelog partition from the
// checkpointed offset (or from the beginning) up to the end offset taken when the restore starts. Records
// are applied in slices bounded by time with a yield in between (apply-in-slices.ts), so other tasks keep
// processing and the event loop stays responsive; each fetched batch is flushed to disk before the next one is
// fetched.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { AdminClient, ChangelogRange, ChangelogReader, FetchedBatch, OffsetRange } from '../client/types.js';
import type { CheckpointRead } from '../state/checkpoint.js';
import type { StreamsLogger } from '../../runtime/logger.js';
import type { RestoreMetrics, StateRestoreListener } from '../../runtime/restore-listener.js';
import type { ChangelogPartition, TaskState } from './task-state.js';
import { applyInSlices } from './apply-in-slices.js';
import { type ReadonlyTopicPartitionMap, topicPartitionLabel, TopicPartitionMap } from '../topic-partition-map.js';

const ABORT_CHECK_MS = 200;

export interface StateRestorerOptions {
  readonly admin: AdminClient;
  /** The application's consumer group: a source-topic changelog is restored up to its committed offset. */
  readonly groupId: string;
  /** A reader with a group id of its own (one per restore). */
  readonly newReader: (taskId: string) => ChangelogReader;
  readonly listener?: StateRestoreListener;
  readonly metrics: RestoreMetrics;
  readonly logger: StreamsLogger;
  /**
   * Exactly-once: stores without a valid checkpoint may hold changes that never committed (a crash, or a
   * dirty close cut short), so they are wiped and restored in full from the read_committed changelogs.
   */
  readonly wipeUncheckpointedState?: boolean;
}

interface PartitionProgress {
  readonly changelog: ChangelogPartition;
  readonly range: ChangelogRange;
  restored: number;
  readonly startedAt: number;
}

export class StateRestorer {
  constructor(private readonly options: StateRestorerOptions) {}

  /** Opens and restores `state`; resolves early (stores open, not fully restored) once `aborted()` holds. */
  async restore(taskId: string, state: TaskState, aborted: () => boolean): Promise<void> {
    await state.open();
    // Re-read after a wipe: wiping builds new stores, and each partition restores into its store.
    let changelogs = state.changelogPartitions();
    if (changelogs.length === 0) return;
    if (await state.bulkRestoreInterrupted()) {
      this.options.logger.warn('task state was cut short while bulk-loading a restore; wiping and restoring it', {
        taskId,
      });
      await state.wipe();
      changelogs = state.changelogPartitions();
    }
    const checkpoint = await state.readCheckpoint();
    if (checkpoint.status === 'corrupt') {
      this.options.logger.warn(
        'task checkpoint is corrupt; restoring its stores from the beginning of the changelogs',
        {
          taskId,
          reason: checkpoint.reason,
        },
      );
    }
    if (checkpoint.status !== 'valid' && this.options.wipeUncheckpointedState) {
      await state.wipe();
      changelogs = state.changelogPartitions();
    }
    const { restorable: offsets, sourceEnds } = await this.restorableRanges(changelogs);
    let ranges = changelogs.map((changelog) => this.rangeFor(changelog, offsets, checkpoint, false));
    // A source topic's store may hold more than the committed offset (a standby copy reads the topic to its end):
    // that is not a checkpoint beyond its changelog, only one beyond the topic's end is.
    const beyondEnd = ranges.filter(
      (r, i) =>
        r.startOffset > r.endOffset &&
        changelogs[i]!.persistent &&
        !(changelogs[i]!.sourceTopic && r.startOffset <= (sourceEnds.get(r) ?? -1n)),
    );
    if (beyondEnd.length > 0) {
      // The stores claim more than the changelog holds (e.g. it was deleted and re-created): start over.
      this.options.logger.warn('task checkpoint is ahead of its changelogs; wiping the task state and restoring it', {
        taskId,
        changelogs: beyondEnd.map((r) => `${topicPartitionLabel(r)}@${r.startOffset}>${r.endOffset}`),
      });
      await state.wipe();
      changelogs = state.changelogPartitions();
      ranges = changelogs.map((changelog) => this.rangeFor(changelog, offsets, checkpoint, true));
    }

    const progress = new TopicPartitionMap<PartitionProgress>();
    ranges.forEach((range, i) => {
      const changelog = changelogs[i]!;
      if (range.startOffset >= range.endOffset) {
        state.markRestored(range, range.endOffset);
        return;
      }
      progress.set(range, { changelog, range, restored: 0, startedAt: Date.now() });
      this.options.listener?.onRestoreStart(changelog.storeName, range.partition, range.startOffset, range.endOffset);
    });
    if (progress.size === 0) return;

    this.options.logger.info('restoring task state', {
      taskId,
      changelogs: [...progress.values()].map(
        ({ range }) => `${topicPartitionLabel(range)} [${range.startOffset}, ${range.endOffset})`,
      ),
    });
    await state.beginBulkRestore();
    const reader = this.options.newReader(taskId);
    // A revoked task stops restoring even while the reader still waits for its group or a fetch.
    const watchdog = setInterval(() => void (aborted() && reader.stop()), ABORT_CHECK_MS);
    try {
      await reader.read(
        [...progress.values()].map((p) => p.range),
        async (batch) => {
          if (aborted()) return;
          await this.apply(batch, progress.get(batch)!, state, aborted);
        },
      );
    } finally {
      clearInterval(watchdog);
      await state.endBulkRestore();
    }
    if (aborted()) return;
    for (const p of progress.values()) {
      state.markRestored(p.range, p.range.endOffset);
      this.options.metrics.recordEnd(p.changelog.storeName, Date.now() - p.startedAt);
      this.options.listener?.onRestoreEnd(p.changelog.storeName, p.range.partition, p.restored);
    }
    await state.checkpoint();
  }

  /**
   * Each changelog's earliest and end offsets; a source topic ends, for the restore, at the group's committed offset
   * (0 without one): records after it are input the task has not processed yet, and processes next, in order with
   * its other inputs (Java: StoreChangelogReader's restore end offset, min(end, committed)).
   */
  private async restorableRanges(changelogs: ReadonlyArray<ChangelogPartition>): Promise<{
    readonly restorable: ReadonlyTopicPartitionMap<OffsetRange>;
    /** The real end offsets of the source-topic changelogs. */
    readonly sourceEnds: ReadonlyTopicPartitionMap<bigint>;
  }> {
    const { admin, groupId } = this.options;
    const ranges = TopicPartitionMap.fromLabels(await admin.offsetRange(changelogs));
    const sourceEnds = new TopicPartitionMap<bigint>();
    const sources = changelogs.filter((changelog) => changelog.sourceTopic);
    if (sources.length === 0) return { restorable: ranges, sourceEnds };
    const committed = new TopicPartitionMap(
      (await admin.committedOffsets(groupId, sources)).map((offset) => [offset, offset.offset] as const),
    );
    for (const source of sources) {
      const range = ranges.get(source);
      if (!range) continue;
      const limit = committed.get(source) ?? 0n;
      sourceEnds.set(source, range.end);
      ranges.set(source, { earliest: range.earliest, end: limit < range.end ? limit : range.end });
    }
    return { restorable: ranges, sourceEnds };
  }

  private rangeFor(
    changelog: ChangelogPartition,
    offsets: ReadonlyTopicPartitionMap<OffsetRange>,
    checkpoint: CheckpointRead,
    ignoreCheckpoint: boolean,
  ): ChangelogRange {
    const key = { topic: changelog.topic, partition: changelog.partition };
    const { earliest, end } = offsets.get(key) ?? { earliest: 0n, end: 0n };
    const checkpointed =
      !ignoreCheckpoint && changelog.persistent && checkpoint.status === 'valid'
        ? checkpoint.offsets.get(key)
        : undefined;
    const startOffset = checkpointed === undefined || checkpointed < earliest ? earliest : checkpointed;
    return { topic: changelog.topic, partition: changelog.partition, startOffset, endOffset: end };
  }

  private async apply(batch: FetchedBatch, p: PartitionProgress, state: TaskState, aborted: () => boolean) {
    const { records } = batch;
    const applied = await applyInSlices(
      records,
      (record) => {
        if (record.key !== null) p.changelog.restore(record.key, record.value, record.timestamp);
      },
      aborted,
    );
    if (!applied) return;
    await yieldToEventLoop();
    if (aborted()) return;
    const last = records[records.length - 1]!;
    await state.flushStores();
    state.markRestored(p.range, last.offset + 1n);
    p.restored += records.length;
    this.options.metrics.recordBatch(p.changelog.storeName, records.length);
    this.options.listener?.onBatchRestored(p.changelog.storeName, p.range.partition, last.offset, records.length);
  }
}
