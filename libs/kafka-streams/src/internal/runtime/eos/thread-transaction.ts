// Exactly-once v2 (KIP-447): the stream thread's one transactional producer. Every task of the thread writes
// through it, so one Kafka transaction holds what all tasks produced since the last commit — output, repartition
// and changelog records — and commits together with all their input offsets, sent with the consumer's group
// metadata: the group coordinator rejects them when this member's generation is over (a zombie), which is what
// makes one producer per thread safe where the per-task scheme needed one transactional id per task.
import type {
  ConsumerGroupMetadata,
  OutgoingRecord,
  TopicPartitionOffset,
  TransactionalProducer,
} from '../../client/types.js';
import { TransactionFailedError } from '../../../errors/exceptions.js';
import type { TransactionCounters } from '../instruments/transaction-counters.js';
import type { StreamsLogger } from '../../../runtime/logger.js';
import { TopicPartitionMap } from '../../topic-partition-map.js';
import type { TopicPartition } from '../../../runtime/topic-partition.js';
import type { RecordSender, SendKind } from '../task-collector.js';
import { CoalescedSends } from './coalesced-sends.js';
import type { CommitOutcome } from './task-transaction.js';

export class ThreadTransaction {
  /** A transaction is open on the broker's side once something was written in it. */
  private open = false;
  private beginning: Promise<void> | undefined;
  private initializing: Promise<void> | undefined;
  /** The producer registered the transactional id: some task started with this transaction. */
  private initialized = false;
  private failure: TransactionFailedError | undefined;
  /** The member lost its partitions: what is open or being committed now must abort, never commit. */
  private abandoned = false;
  /** Tasks that wrote in the open transaction: their stores hold changes that commit or abort with it. */
  private readonly writers = new Set<string>();
  /** Input offsets of the last committed transaction, per partition. */
  private readonly committed = new TopicPartitionMap<bigint>();
  /** Partitions written in the open transaction, and in the last committed one (the next one's likely writes). */
  private writing = new TopicPartitionMap<true>();
  private lastWritten: ReadonlyArray<TopicPartition> = [];
  /** The next transaction begun and its likely partitions added ahead of its first write (see `prepare`). */
  private preparing: Promise<void> | undefined;
  /**
   * A commit on its way (its offsets, its EndTxn): the tasks may go on processing meanwhile, but what they write
   * belongs to the next transaction, so sends wait for it, and so does preparing the next transaction.
   */
  private completing: Promise<void> | undefined;
  private prepareWhenCompleted = false;
  /** The offsets of the commit about to be made, on their way while its output is still written (`sendOffsetsAhead`). */
  private offsetsAhead:
    { readonly offsets: ReadonlyArray<TopicPartitionOffset>; readonly sent: Promise<void> } | undefined;
  private exclusive: Promise<unknown> = Promise.resolve();
  /** Each kind apart, so that a record the broker refuses never fails the other kind's records (task-collector.ts). */
  private readonly coalesced: Readonly<Record<SendKind, CoalescedSends>>;

  constructor(
    private readonly producer: TransactionalProducer,
    /** The consumer group the input offsets are committed for (the application id). */
    private readonly groupId: string,
    private readonly logger: StreamsLogger,
    /** Told once, when the transaction can no longer commit, with the tasks that wrote in it. */
    private readonly onFailure: (failure: TransactionFailedError, writers: ReadonlyArray<string>) => void,
    private readonly counters?: Pick<TransactionCounters, 'recordCommit' | 'recordAbort'>,
  ) {
    const send = (records: ReadonlyArray<OutgoingRecord>) => this.producer.send(records);
    this.coalesced = { changelog: new CoalescedSends(send), output: new CoalescedSends(send) };
  }

  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** Connects and registers the transactional id, once for all tasks (fences an earlier producer with it). */
  initialize(): Promise<void> {
    this.initializing ??= (async () => {
      await this.producer.connect();
      await this.producer.initTransactions();
      this.initialized = true;
    })().catch((error: unknown) => {
      this.initializing = undefined;
      throw error;
    });
    return this.initializing;
  }

  /** What a task's record collector writes with. */
  senderFor(taskId: string): RecordSender {
    return { send: (records, kind) => this.send(taskId, records, kind), willSend: () => this.prepare() };
  }

  /**
   * A task has output coming for the next transaction: begins it and adds the partitions the last transaction wrote
   * now, in the background, so that the commit's sends do not wait for AddPartitionsToTxn — the coordinator answers
   * it only once it has completed the previous transaction. (Java's producer adds partitions on its own thread as
   * records arrive.) Not before output is known to come: an idle thread must not keep an empty transaction open.
   */
  private prepare(): void {
    if (this.completing) {
      this.prepareWhenCompleted = true;
      return;
    }
    if (this.open || this.preparing || this.failure || this.abandoned || !this.initialized) return;
    const addPartitions = this.producer.addPartitions?.bind(this.producer);
    const partitions = this.lastWritten;
    if (!addPartitions || partitions.length === 0) return;
    this.preparing = (async () => {
      await this.begin();
      await addPartitions(partitions);
    })()
      .catch((error: unknown) => this.fail(asTransactionFailure(error)))
      .finally(() => (this.preparing = undefined));
  }

  private async send(
    taskId: string,
    records: ReadonlyArray<OutgoingRecord>,
    kind: SendKind,
  ): Promise<ReadonlyArray<TopicPartitionOffset>> {
    if (this.failure || records.length === 0) return [];
    try {
      while (this.completing) await this.completing;
      await this.preparing;
      if (this.failure) return [];
      await this.begin();
      this.writers.add(taskId);
      const written = await this.coalesced[kind].send(records);
      for (const offset of written) this.writing.set(offset, true);
      return written;
    } catch (error) {
      // Any other error concerns the records only: the production exception handler decides.
      if (!(error instanceof TransactionFailedError)) throw error;
      this.fail(error);
      return [];
    }
  }

  /**
   * The tasks stand still for a commit of `offsets`: they are sent into the transaction now, while the commit still
   * writes the tasks' output, rather than after it. Sent once the tasks go on processing, their answers waited for the
   * processing slice under way (37-40 ms against 3 ms in the bench's latency runs), and the output is readable only
   * once the transaction ends. The commit then waits for them. Were it not to come (a task's flush failed, so the
   * thread fails), the transaction they are in is aborted.
   */
  sendOffsetsAhead(offsets: ReadonlyArray<TopicPartitionOffset>, groupMetadata: ConsumerGroupMetadata): void {
    this.offsetsAhead = undefined;
    if (this.failure || this.abandoned || !this.initialized || this.completing) return;
    const changed = offsets.filter((o) => this.committed.get(o) !== o.offset);
    if (changed.length === 0) return;
    const sent = (async () => {
      await this.preparing;
      if (this.failure) return;
      await this.begin();
      await this.producer.sendOffsets(this.groupId, changed, groupMetadata);
    })();
    sent.catch(() => undefined);
    this.offsetsAhead = { offsets: changed, sent };
  }

  /**
   * Commits what every task wrote since the last commit together with `offsets` (all tasks' processed input). Every
   * send after this call waits for the commit to end and goes into the next transaction: the tasks may go on
   * processing as soon as the call is made.
   */
  commit(offsets: ReadonlyArray<TopicPartitionOffset>, groupMetadata: ConsumerGroupMetadata): Promise<CommitOutcome> {
    const committing = this.commitNow(offsets, groupMetadata);
    const completing = committing.then(
      () => undefined,
      () => undefined,
    );
    this.completing = completing;
    void completing.then(() => {
      if (this.completing !== completing) return;
      this.completing = undefined;
      if (this.prepareWhenCompleted) {
        this.prepareWhenCompleted = false;
        this.prepare();
      }
    });
    return committing;
  }

  private async commitNow(
    offsets: ReadonlyArray<TopicPartitionOffset>,
    groupMetadata: ConsumerGroupMetadata,
  ): Promise<CommitOutcome> {
    const ahead = this.offsetsAhead;
    if (this.failure) return 'failed';
    const changed = offsets.filter((o) => this.committed.get(o) !== o.offset);
    if (!this.open && changed.length === 0) return 'unchanged';
    // No task started with this transaction yet: the offsets are those of tasks of the failed transaction it
    // replaced, about to be revived. Their output was aborted, so their offsets must not commit here; and a begin
    // before the id is registered again is refused as fenced, which would fail this transaction too (#16).
    if (!this.initialized) return 'failed';
    try {
      await this.preparing;
      if (this.failure) return 'failed';
      if (this.abandoned) return await this.abortAbandoned();
      await this.begin();
      if (ahead && sameOffsets(ahead.offsets, changed)) await ahead.sent;
      else if (changed.length > 0) {
        await ahead?.sent.catch(() => undefined);
        await this.producer.sendOffsets(this.groupId, changed, groupMetadata);
      }
      if (this.offsetsAhead === ahead) this.offsetsAhead = undefined;
      if (this.failure) return 'failed';
      // The offsets may have been sent for the generation that was just lost (a commit retrying through a broker
      // restart): the transaction still ends in an abort.
      if (this.abandoned) return await this.abortAbandoned();
      await this.producer.commitTransaction();
    } catch (error) {
      this.fail(asTransactionFailure(error));
      return 'failed';
    }
    this.open = false;
    this.writers.clear();
    this.counters?.recordCommit();
    for (const o of changed) this.committed.set(o, o.offset);
    if (this.writing.size > 0) {
      this.lastWritten = [...this.writing.keys()];
      this.writing = new TopicPartitionMap();
    }
    return 'committed';
  }

  /**
   * The member lost its partitions (Java's handleLostAll): another member may own them already, and the tasks close
   * dirty at once, dropping what they had not sent. The commit under way, if any, aborts instead of committing (its
   * offsets would cover records dropped meanwhile), and so does a transaction still open after it.
   */
  abandon(): void {
    this.abandoned = true;
    void this.exclusively(async () => {
      if (this.abandoned) await this.abortAbandoned();
    });
  }

  private async abortAbandoned(): Promise<'aborted'> {
    await this.settled();
    this.abandoned = false;
    if (this.open && !this.failed) {
      this.open = false;
      this.writers.clear();
      this.writing.clear();
      this.counters?.recordAbort();
      try {
        await this.producer.abortTransaction();
      } catch (error) {
        this.fail(asTransactionFailure(error));
      }
    }
    return 'aborted';
  }

  /** Whether a stopping task leaves something behind that the next commit would not cover correctly. */
  uncommitted(taskId: string, processed: ReadonlyArray<TopicPartitionOffset>): boolean {
    return this.failed || this.writers.has(taskId) || processed.some((o) => this.committed.get(o) !== o.offset);
  }

  /**
   * A task stops with changes in the open transaction that its offsets cannot commit with any more: the whole
   * transaction is aborted, and the other tasks that wrote in it must start again from their last commit.
   */
  async abortFor(taskId: string): Promise<ReadonlyArray<string>> {
    await this.settled();
    if (!this.open || this.failed) return [];
    const others = [...this.writers].filter((writer) => writer !== taskId);
    this.open = false;
    this.writers.clear();
    this.writing.clear();
    this.counters?.recordAbort();
    try {
      await this.producer.abortTransaction();
    } catch (error) {
      this.fail(asTransactionFailure(error));
    }
    return others;
  }

  /** Runs `work` with no other exclusive work in between: a commit, or a task stopping. */
  exclusively<T>(work: () => Promise<T>): Promise<T> {
    const run = this.exclusive.then(work, work);
    this.exclusive = run.catch(() => undefined);
    return run;
  }

  /** Aborts what is open (best effort: the next producer with this id, or the timeout, aborts it) and disconnects. */
  close(): Promise<void> {
    return this.exclusively(async () => {
      await this.settled();
      if (this.open && !this.failed) {
        this.counters?.recordAbort();
        await this.producer
          .abortTransaction()
          .catch((error: unknown) =>
            this.logger.warn('could not abort the thread transaction', { error: String(error) }),
          );
      }
      this.open = false;
      await this.producer
        .disconnect()
        .catch((error: unknown) =>
          this.logger.warn('error while disconnecting the thread producer', { error: String(error) }),
        );
    });
  }

  /**
   * Until the requests made ahead of the writes are answered: an abort sent before offsets sent ahead arrive could
   * leave them pending in the group coordinator after the transaction ended.
   */
  private async settled(): Promise<void> {
    await this.preparing;
    await this.offsetsAhead?.sent.catch(() => undefined);
    this.offsetsAhead = undefined;
  }

  private begin(): Promise<void> {
    if (this.open) return Promise.resolve();
    this.beginning ??= this.producer
      .beginTransaction()
      .then(() => void (this.open = true))
      .finally(() => (this.beginning = undefined));
    return this.beginning;
  }

  private fail(failure: TransactionFailedError): void {
    if (this.failure) return;
    this.failure = failure;
    if (this.open) this.counters?.recordAbort();
    this.onFailure(failure, [...this.writers]);
  }
}

function sameOffsets(a: ReadonlyArray<TopicPartitionOffset>, b: ReadonlyArray<TopicPartitionOffset>): boolean {
  return (
    a.length === b.length &&
    a.every((o, i) => o.topic === b[i]!.topic && o.partition === b[i]!.partition && o.offset === b[i]!.offset)
  );
}

function asTransactionFailure(error: unknown): TransactionFailedError {
  if (error instanceof TransactionFailedError) return error;
  return new TransactionFailedError(String(error instanceof Error ? error.message : error), false, { cause: error });
}
