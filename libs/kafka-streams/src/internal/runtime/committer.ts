// Commits: when they are due, one at a time, and how at-least-once commits. Exactly-once commits (one
// transaction per task) are in eos/exactly-once-committer.ts and share the scheduling below.
//
// At-least-once: take the tasks' committable offsets, wait until everything the tasks produced up to that
// point is acknowledged by the broker, then commit those offsets. Every commit starts by flushing the record
// caches (their updates go to the stores, changelogs and output), as Java's does. Output is therefore never behind committed
// input; after a crash the uncommitted tail is processed again (duplicates, no loss). Stores are flushed and
// checkpointed after the output (changelogs included) is acknowledged.
import type { GroupConsumer, TopicPartitionOffset } from '../client/types.js';
import type { StreamsLogger } from '../../runtime/logger.js';
import type { TaskManager } from './task-manager.js';
import { topicPartitionLabel, TopicPartitionMap } from '../topic-partition-map.js';

/** What the runtime asks of a commit strategy. */
export interface Committer {
  /**
   * True from the moment a commit is asked for until it has taken what it commits (offsets, output, caches) and
   * flushed the stores, or let go of them earlier: the tasks must not process or punctuate meanwhile.
   */
  readonly busy: boolean;
  /** Resolves once no commit runs. */
  idle(): Promise<void>;
  /** Resolves once no commit holds the tasks still (see `busy`); the last one may still be finishing. */
  released(): Promise<void>;
  /** The commit interval elapsed, or a processor asked for a commit. */
  due(now: number): boolean;
  /** Commits now (one commit at a time) and resolves once it is done; rejects only on a fatal error. */
  commit(reason: string): Promise<void>;
}

/** Runs the commits of a strategy one at a time and tells when the next one is due. */
export abstract class IntervalCommitter implements Committer {
  private lastCommitAt = Date.now();
  private inProgress: Promise<void> | undefined;
  /** Commits asked for that still hold the tasks still. */
  private holding = 0;
  private releaseWaiters: Array<() => void> = [];
  /** Lets the running commit's tasks go on (see `releaseTasks`); undefined once it did. */
  private releaseRunning: (() => void) | undefined;
  private readonly committedListeners: Array<(offsets: ReadonlyArray<TopicPartitionOffset>) => void> = [];

  constructor(
    protected readonly tasks: TaskManager,
    private readonly intervalMs: number,
    protected readonly logger: StreamsLogger,
  ) {}

  get busy(): boolean {
    return this.holding > 0;
  }

  async idle(): Promise<void> {
    while (this.inProgress) await this.inProgress.catch(() => undefined);
  }

  released(): Promise<void> {
    if (this.holding === 0) return Promise.resolve();
    return new Promise((resolve) => this.releaseWaiters.push(resolve));
  }

  due(now: number): boolean {
    return now - this.lastCommitAt >= this.intervalMs || this.tasks.commitRequested();
  }

  async commit(reason: string): Promise<void> {
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      if (--this.holding === 0) for (const resolve of this.releaseWaiters.splice(0)) resolve();
    };
    this.holding++;
    let running: Promise<void> | undefined;
    try {
      while (this.inProgress) await this.inProgress;
      this.lastCommitAt = Date.now();
      this.releaseRunning = release;
      running = this.commitNow(reason);
      this.inProgress = running;
      await running;
    } finally {
      if (this.inProgress === running) this.inProgress = undefined;
      if (this.releaseRunning === release) this.releaseRunning = undefined;
      release();
    }
  }

  /**
   * Called by a strategy's commit once what is left of it does not need the tasks to stand still: they go on
   * processing while it finishes (the commit's own promise still resolves only once it is done).
   */
  protected releaseTasks(): void {
    const release = this.releaseRunning;
    this.releaseRunning = undefined;
    release?.();
  }

  /** Tells `listener` the input offsets of every successful commit (once they are committed). */
  onCommitted(listener: (offsets: ReadonlyArray<TopicPartitionOffset>) => void): void {
    this.committedListeners.push(listener);
  }

  protected committed(offsets: ReadonlyArray<TopicPartitionOffset>): void {
    for (const listener of this.committedListeners) listener(offsets);
  }

  protected abstract commitNow(reason: string): Promise<void>;
}

export class AtLeastOnceCommitter extends IntervalCommitter {
  private readonly lastCommitted = new TopicPartitionMap<bigint>();

  constructor(
    tasks: TaskManager,
    private readonly consumer: GroupConsumer,
    intervalMs: number,
    logger: StreamsLogger,
  ) {
    super(tasks, intervalMs, logger);
  }

  /** A failed offset commit (typically a rebalance) is logged and retried by the next commit. */
  protected async commitNow(reason: string): Promise<void> {
    this.tasks.flushCaches(); // cached updates join the output the offsets below cover
    const snapshot = this.tasks.committableOffsets().filter((o) => this.lastCommitted.get(o) !== o.offset);
    await this.tasks.flush();
    await this.tasks.checkpoint();
    // The assignment may have changed while flushing: never commit for partitions given away.
    const owned: TopicPartitionOffset[] = snapshot.filter((o) => this.tasks.owns(o));
    try {
      await this.consumer.commit(owned);
      for (const o of owned) this.lastCommitted.set(o, o.offset);
      this.tasks.markCommitted();
      this.committed(owned);
      if (owned.length > 0) {
        this.logger.debug('offsets committed', {
          reason,
          offsets: owned.map((o) => `${topicPartitionLabel(o)}@${o.offset}`),
        });
      }
    } catch (error) {
      this.logger.warn('offset commit failed; the next commit retries it', { reason, error: String(error) });
    }
  }
}
