// Exactly-once v2 commits: every task's output is flushed into the thread's transaction, which commits with all
// tasks' input offsets and the consumer's group metadata (sent while the output is written); only then are the stores
// flushed (a processing task has no checkpoint under exactly-once: see task-state.ts). A failed transaction revives
// every task.
import type { ConsumerGroupMetadata } from '../../client/types.js';
import type { StreamsLogger } from '../../../runtime/logger.js';
import { IntervalCommitter } from '../committer.js';
import type { TaskManager } from '../task-manager.js';
import type { ThreadTransaction } from './thread-transaction.js';

export class ThreadTransactionCommitter extends IntervalCommitter {
  constructor(
    tasks: TaskManager,
    private readonly transaction: () => ThreadTransaction,
    private readonly groupMetadata: () => ConsumerGroupMetadata,
    intervalMs: number,
    logger: StreamsLogger,
  ) {
    super(tasks, intervalMs, logger);
  }

  /**
   * The tasks stand still only until their output is written and their offsets taken: they go on processing while
   * the transaction commits and their stores flush (what they write meanwhile waits for the next transaction). Rejects
   * only on a fatal error (the production exception handler answered `fail`, a store failed).
   */
  protected async commitNow(reason: string): Promise<void> {
    const transaction = this.transaction();
    if (transaction.failed) return;
    await transaction.exclusively(async () => {
      // The cached updates go into the transaction that commits the offsets of the records behind them.
      this.tasks.flushCaches();
      const units = this.tasks.commitUnits();
      const offsets = units.flatMap((unit) => unit.offsets);
      const groupMetadata = this.groupMetadata();
      // On their way while the output is written (see sendOffsetsAhead).
      transaction.sendOffsetsAhead(offsets, groupMetadata);
      // All at once: the transaction sends what they hand over together (coalesced-sends.ts).
      const flushed = await Promise.allSettled(units.map((unit) => unit.flush()));
      const failed = flushed.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
      for (const unit of units) unit.markCommitted();
      const committing = transaction.commit(offsets, groupMetadata);
      this.releaseTasks();
      const outcome = await committing;
      if (outcome === 'failed' || outcome === 'aborted') return;
      // Stores take writes while they flush (a LevelDB store's batch, a segment's synchronous commit).
      if (outcome === 'committed') await Promise.all(units.map((unit) => unit.checkpoint()));
      if (outcome === 'committed') this.committed(offsets);
      if (outcome === 'committed' && offsets.length > 0) {
        this.logger.debug('transaction committed', {
          reason,
          offsets: offsets.map((o) => `${o.topic}:${o.partition}@${o.offset}`),
        });
      }
    });
  }
}
