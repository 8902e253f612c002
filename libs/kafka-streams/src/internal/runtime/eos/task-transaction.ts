// One task's transactional producer under exactly-once. The task's record collector writes through it, so
// everything the task produces between two commits — output, repartition and changelog records — is one
// Kafka transaction, which commits together with the task's input offsets or not at all.
import type { OutgoingRecord, TopicPartitionOffset, TransactionalProducer } from '../../client/types.js';
import { TransactionFailedError } from '../../../errors/exceptions.js';
import type { TransactionCounters } from '../instruments/transaction-counters.js';
import type { StreamsLogger } from '../../../runtime/logger.js';
import { TopicPartitionMap } from '../../topic-partition-map.js';
import type { StateDisposal } from '../task-lifecycle.js';
import type { RecordSender } from '../task-collector.js';

/** `aborted`: the member lost its partitions meanwhile, so the transaction was aborted instead (thread transaction). */
export type CommitOutcome = 'committed' | 'unchanged' | 'failed' | 'aborted';

export class TaskTransaction implements RecordSender {
  /** A transaction is open on the broker's side once something was written in it. */
  private open = false;
  private beginning: Promise<void> | undefined;
  private failure: TransactionFailedError | undefined;
  /** Input offsets of the last committed transaction, per partition. */
  private readonly committed = new TopicPartitionMap<bigint>();
  private exclusive: Promise<unknown> = Promise.resolve();

  constructor(
    readonly taskId: string,
    private readonly producer: TransactionalProducer,
    /** The consumer group the input offsets are committed for (the application id). */
    private readonly groupId: string,
    private readonly logger: StreamsLogger,
    /** Told once, when the transaction can no longer commit. */
    private readonly onFailure: (failure: TransactionFailedError) => void,
    /** Told about every transaction that commits, or ends without committing (metrics). */
    private readonly counters?: Pick<TransactionCounters, 'recordCommit' | 'recordAbort'>,
  ) {}

  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** Connects and registers the transactional id, which fences the task's earlier producers. */
  async initialize(): Promise<void> {
    await this.producer.connect();
    await this.producer.initTransactions();
  }

  /**
   * Writes within the current transaction (begun on the first write). After a failure the records are dropped
   * silently: the transaction is aborted and the task starts again from its last commit, producing them anew.
   */
  async send(records: ReadonlyArray<OutgoingRecord>): Promise<ReadonlyArray<TopicPartitionOffset>> {
    if (this.failure || records.length === 0) return [];
    try {
      await this.begin();
      return await this.producer.send(records);
    } catch (error) {
      // Any other error concerns the records only: the production exception handler decides.
      if (!(error instanceof TransactionFailedError)) throw error;
      this.fail(error);
      return [];
    }
  }

  /** Commits what was written since the last commit together with `offsets` (the task's processed input). */
  async commit(offsets: ReadonlyArray<TopicPartitionOffset>): Promise<CommitOutcome> {
    if (this.failure) return 'failed';
    const changed = offsets.filter((o) => this.committed.get(o) !== o.offset);
    if (!this.open && changed.length === 0) return 'unchanged';
    try {
      await this.begin();
      if (changed.length > 0) await this.producer.sendOffsets(this.groupId, changed);
      await this.producer.commitTransaction();
    } catch (error) {
      this.fail(asTransactionFailure(error));
      return 'failed';
    }
    this.open = false;
    this.counters?.recordCommit();
    for (const o of changed) this.committed.set(o, o.offset);
    return 'committed';
  }

  /** Runs `work` with no other exclusive work of this task in between: a commit, or closing after it. */
  exclusively<T>(work: () => Promise<T>): Promise<T> {
    const run = this.exclusive.then(work, work);
    this.exclusive = run.catch(() => undefined);
    return run;
  }

  /**
   * Ends the task's transactional work once a commit in progress finished: aborts an open transaction (best
   * effort: the next producer with this id aborts it anyway) and disconnects. The stores may be checkpointed
   * only when they hold nothing uncommitted; otherwise they are wiped and restored from the changelogs.
   */
  close(clean: boolean, processed: ReadonlyArray<TopicPartitionOffset>): Promise<StateDisposal> {
    return this.exclusively(async () => {
      const uncommitted = this.failed || this.open || processed.some((o) => this.committed.get(o) !== o.offset);
      if (this.open && !this.failed) {
        this.counters?.recordAbort();
        await this.producer.abortTransaction().catch((error: unknown) =>
          this.logger.warn('could not abort the task transaction; the next owner of the task aborts it', {
            taskId: this.taskId,
            error: String(error),
          }),
        );
      }
      this.open = false;
      await this.producer
        .disconnect()
        .catch((error: unknown) =>
          this.logger.warn('error while disconnecting a task producer', { taskId: this.taskId, error: String(error) }),
        );
      if (uncommitted) return 'wipe';
      return clean ? 'checkpoint' : 'keep';
    });
  }

  private begin(): Promise<void> {
    if (this.open) return Promise.resolve();
    // Concurrent sends share one begin.
    this.beginning ??= this.producer
      .beginTransaction()
      .then(() => void (this.open = true))
      .finally(() => (this.beginning = undefined));
    return this.beginning;
  }

  private fail(failure: TransactionFailedError): void {
    if (this.failure) return;
    this.failure = failure;
    // An open transaction never commits now: the broker aborts it.
    if (this.open) this.counters?.recordAbort();
    this.onFailure(failure);
  }
}

function asTransactionFailure(error: unknown): TransactionFailedError {
  if (error instanceof TransactionFailedError) return error;
  return new TransactionFailedError(String(error instanceof Error ? error.message : error), false, { cause: error });
}
