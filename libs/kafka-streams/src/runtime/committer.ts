// At-least-once commits: take the tasks' committable offsets, wait until everything the tasks produced
// up to that point is acknowledged by the broker, then commit those offsets. Output is therefore never
// behind committed input; after a crash the uncommitted tail is processed again (duplicates, no loss).
// Stores are flushed and checkpointed after the output (changelogs included) is acknowledged.
import type { GroupConsumer, TopicPartitionOffset } from '../client/types.js';
import type { StreamsLogger } from './logger.js';
import type { TaskManager } from './task-manager.js';
import { topicPartitionKey } from './task-layout.js';

export class AtLeastOnceCommitter {
  private readonly lastCommitted = new Map<string, bigint>();
  private lastCommitAt = Date.now();
  private inProgress: Promise<void> | undefined;

  constructor(
    private readonly tasks: TaskManager,
    private readonly consumer: GroupConsumer,
    private readonly intervalMs: number,
    private readonly logger: StreamsLogger,
  ) {}

  /** True while a commit runs: stores are being flushed and must not change meanwhile. */
  get busy(): boolean {
    return this.inProgress !== undefined;
  }

  /** Resolves once no commit runs. */
  async idle(): Promise<void> {
    while (this.inProgress) await this.inProgress.catch(() => undefined);
  }

  due(now: number): boolean {
    return now - this.lastCommitAt >= this.intervalMs || this.tasks.commitRequested();
  }

  /**
   * Commits now (one commit at a time). Rejects only when producing failed fatally; a failed offset
   * commit (typically a rebalance) is logged and retried by the next commit.
   */
  async commit(reason: string): Promise<void> {
    while (this.inProgress) await this.inProgress;
    const running = this.flushAndCommit(reason);
    this.inProgress = running;
    try {
      await running;
    } finally {
      this.inProgress = undefined;
    }
  }

  private async flushAndCommit(reason: string): Promise<void> {
    this.lastCommitAt = Date.now();
    const snapshot = this.tasks
      .committableOffsets()
      .filter((o) => this.lastCommitted.get(topicPartitionKey(o)) !== o.offset);
    await this.tasks.flush();
    await this.tasks.checkpoint();
    // The assignment may have changed while flushing: never commit for partitions given away.
    const owned: TopicPartitionOffset[] = snapshot.filter((o) => this.tasks.owns(o));
    try {
      await this.consumer.commit(owned);
      for (const o of owned) this.lastCommitted.set(topicPartitionKey(o), o.offset);
      this.tasks.markCommitted();
      if (owned.length > 0) {
        this.logger.debug('offsets committed', {
          reason,
          offsets: owned.map((o) => `${topicPartitionKey(o)}@${o.offset}`),
        });
      }
    } catch (error) {
      this.logger.warn('offset commit failed; the next commit retries it', { reason, error: String(error) });
    }
  }
}
