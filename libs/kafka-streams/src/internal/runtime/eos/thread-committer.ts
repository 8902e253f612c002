// Exactly-once v2 commits: every task's output is flushed into the thread's transaction, which commits with all
// tasks' input offsets and the consumer's group metadata; only then are the stores flushed (a processing task has
// no checkpoint under exactly-once: see task-state.ts). A failed transaction revives every task.
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

  /** Rejects only on a fatal error (the production exception handler answered `fail`, a store failed). */
  protected async commitNow(reason: string): Promise<void> {
    const transaction = this.transaction();
    if (transaction.failed) return;
    await transaction.exclusively(async () => {
      // The cached updates go into the transaction that commits the offsets of the records behind them.
      this.tasks.flushCaches();
      const units = this.tasks.commitUnits();
      for (const unit of units) await unit.flush();
      const offsets = units.flatMap((unit) => unit.offsets);
      const outcome = await transaction.commit(offsets, this.groupMetadata());
      if (outcome === 'failed' || outcome === 'aborted') return;
      if (outcome === 'committed') for (const unit of units) await unit.checkpoint();
      for (const unit of units) unit.markCommitted();
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
