// Exactly-once commits: every task commits its own transaction (what it produced since its last commit plus
// its processed input offsets), all tasks in parallel since each has its own producer. A task's stores are
// flushed only after its transaction committed (a processing task has no checkpoint under exactly-once: see
// task-state.ts). A task whose transaction fails is not committed: it is closed dirty and started
// again from what the broker committed (see exactly-once-tasks.ts); the other tasks carry on.
import { IntervalCommitter } from '../committer.js';
import type { StreamsLogger } from '../../../runtime/logger.js';
import type { TaskCommitUnit, TaskManager } from '../task-manager.js';
import type { ExactlyOnceTasks } from './exactly-once-tasks.js';
import type { CommitOutcome } from './task-transaction.js';

export class ExactlyOnceCommitter extends IntervalCommitter {
  constructor(
    tasks: TaskManager,
    private readonly transactions: Pick<ExactlyOnceTasks, 'transaction'>,
    intervalMs: number,
    logger: StreamsLogger,
  ) {
    super(tasks, intervalMs, logger);
  }

  /** Rejects only on a fatal error (the production exception handler answered `fail`, a store failed). */
  protected async commitNow(reason: string): Promise<void> {
    // The cached updates go into the transactions that commit the offsets of the records behind them.
    this.tasks.flushCaches();
    const units = this.tasks.commitUnits();
    const outcomes = await Promise.all(units.map((unit) => this.commitTask(unit)));
    const committed = units.filter((_, i) => outcomes[i] === 'committed');
    this.committed(committed.flatMap((unit) => unit.offsets));
    if (committed.length === 0) return;
    this.logger.debug('transactions committed', {
      reason,
      offsets: committed.flatMap((unit) => unit.offsets.map((o) => `${unit.taskId}:${o.partition}@${o.offset}`)),
    });
  }

  private async commitTask(unit: TaskCommitUnit): Promise<CommitOutcome> {
    const transaction = this.transactions.transaction(unit.taskId);
    if (!transaction || transaction.failed) return 'failed';
    return transaction.exclusively(async () => {
      await unit.flush();
      const outcome = await transaction.commit(unit.offsets);
      if (outcome === 'committed') await unit.checkpoint();
      if (outcome !== 'failed') unit.markCommitted();
      return outcome;
    });
  }
}
