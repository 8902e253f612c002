// Exactly-once for the runtime's tasks, with what kafkajs offers (the platformatic client runs exactly-once v2
// instead: exactly-once-thread.ts). kafkajs commits offsets in a transaction
// with TxnOffsetCommit v0/v1, which carries no consumer-group generation (no KIP-447), so the broker can only
// fence zombies by transactional id. Hence Kafka Streams' first scheme (EOS "alpha"): one transactional
// producer per task, with the stable id `<applicationId>-<taskId>`.
//
// - When a task starts here, its producer registers the id: the broker fences every older producer with it
//   (a crashed, stalled or revoked previous owner) and aborts the transaction that one left open. Only then
//   are the task's input offsets read from the group, so they are settled: no commit of the previous owner
//   can land afterwards. The task reads its input from exactly there (its stores were restored from
//   read_committed changelogs, which hold exactly what those offsets say was processed).
// - When the task stops, its producer aborts what is uncommitted and disconnects; stores that hold
//   uncommitted changes are wiped (restored from the changelogs next time), as Java does after a dirty close.
// - When a transaction fails (fenced, or a transactional request failed after retries), the task is closed
//   dirty and started again the same way. A fenced task waits before starting again: another instance
//   probably owns it now, and the group's next rebalance should take it from this one first.
// - A start that fails (the cluster away: a broker restarting) is tried again with a growing pause for up to
//   `startTimeoutMs`, as Java retries a task's initialisation for `task.timeout.ms`, before it fails the
//   application.
import type { AdminClient, GroupConsumer, KafkaClientFactory, TopicPartitionOffset } from '../../client/types.js';
import type { TopicPartition } from '../../../runtime/topic-partition.js';
import type { TransactionFailedError } from '../../../errors/exceptions.js';
import type { TransactionCounters } from '../instruments/transaction-counters.js';
import type { StreamsLogger } from '../../../runtime/logger.js';
import type { TaskHooks } from '../task-lifecycle.js';
import { topicPartitionLabel, TopicPartitionMap } from '../../topic-partition-map.js';
import type { IntervalCommitter } from '../committer.js';
import type { TaskManager } from '../task-manager.js';
import type { ExactlyOnce } from './exactly-once.js';
import { ExactlyOnceCommitter } from './exactly-once-committer.js';
import { TaskTransaction } from './task-transaction.js';

export interface ExactlyOnceTasksOptions {
  readonly applicationId: string;
  readonly clients: Pick<KafkaClientFactory, 'transactionalProducer'>;
  readonly admin: Pick<AdminClient, 'committedOffsets' | 'offsetRange'>;
  readonly transactionTimeoutMs: number;
  /** How long a fenced task waits before it starts again here (a rebalance may move it away meanwhile). */
  readonly fencedRestartDelayMs: number;
  readonly logger: StreamsLogger;
  /** Counts the tasks' transactions (metrics). */
  readonly transactionCounters?: Pick<TransactionCounters, 'recordCommit' | 'recordAbort'>;
  /** Closes the task dirty and starts it again (TaskManager.reviveTask). */
  readonly reviveTask: (taskId: string) => void;
  /** True once the application is closing or failed: failed tasks are then not started again. */
  readonly stopping: () => boolean;
  /** How long a task's start (its producer's registration, its offsets) is retried; Java's `task.timeout.ms`. */
  readonly startTimeoutMs?: number;
}

/** Java's `task.timeout.ms` default. */
const DEFAULT_START_TIMEOUT_MS = 300_000;
const FIRST_START_RETRY_MS = 500;
const LONGEST_START_RETRY_MS = 5_000;

export const transactionalIdOf = (applicationId: string, taskId: string): string => `${applicationId}-${taskId}`;

export class ExactlyOnceTasks implements ExactlyOnce {
  /** The transaction of the current instance of each task here (restoring or active). */
  private readonly transactions = new Map<string, TaskTransaction>();
  /** Tasks whose producer was fenced: their next start waits. */
  private readonly fenced = new Set<string>();

  constructor(private readonly options: ExactlyOnceTasksOptions) {}

  /** A new instance of a task: a transactional producer of its own, registered as the task's current one. */
  create(taskId: string): TaskHooks {
    const { applicationId, clients, transactionTimeoutMs, logger } = this.options;
    const producer = clients.transactionalProducer({
      transactionalId: transactionalIdOf(applicationId, taskId),
      transactionTimeoutMs,
    });
    const transaction: TaskTransaction = new TaskTransaction(
      taskId,
      producer,
      applicationId,
      logger,
      (failure) => this.onFailure(transaction, failure),
      this.options.transactionCounters,
    );
    this.transactions.set(taskId, transaction);
    return {
      sender: transaction,
      starting: (inputs, aborted) => this.start(transaction, inputs, aborted),
      stopping: (clean, processed) => {
        // A later instance of the task may be registered already: it stays.
        if (this.transactions.get(taskId) === transaction) this.transactions.delete(taskId);
        return transaction.close(clean, processed);
      },
    };
  }

  committer(
    tasks: TaskManager,
    _consumer: GroupConsumer,
    intervalMs: number,
    logger: StreamsLogger,
  ): IntervalCommitter {
    return new ExactlyOnceCommitter(tasks, this, intervalMs, logger);
  }

  /** Each task's producer is closed with its task. */
  close(): Promise<void> {
    return Promise.resolve();
  }

  /** The transaction of the task's current instance, if the task runs here. */
  transaction(taskId: string): TaskTransaction | undefined {
    return this.transactions.get(taskId);
  }

  private async start(
    transaction: TaskTransaction,
    inputs: ReadonlyArray<TopicPartition>,
    aborted: () => boolean,
  ): Promise<ReadonlyArray<TopicPartitionOffset>> {
    const { taskId } = transaction;
    if (this.fenced.delete(taskId)) {
      await new Promise((resolve) => setTimeout(resolve, this.options.fencedRestartDelayMs));
    }
    if (aborted()) return [];
    const positions = await this.initialize(transaction, inputs, aborted);
    this.options.logger.debug('task producer initialized', {
      taskId,
      positions: positions.map((p) => `${topicPartitionLabel(p)}@${p.offset}`),
    });
    return positions;
  }

  /** Registers the task's producer and reads its start offsets, retrying failures until `startTimeoutMs`. */
  private async initialize(
    transaction: TaskTransaction,
    inputs: ReadonlyArray<TopicPartition>,
    aborted: () => boolean,
  ): Promise<TopicPartitionOffset[]> {
    const { taskId } = transaction;
    const deadline = Date.now() + (this.options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
    let pause = FIRST_START_RETRY_MS;
    for (let attempt = 1; ; attempt++) {
      try {
        await transaction.initialize();
        return await this.startOffsets(inputs);
      } catch (error) {
        if (aborted() || this.options.stopping() || Date.now() + pause > deadline) throw error;
        this.options.logger.warn('task producer could not start; retrying', {
          taskId,
          attempt,
          retryInMs: pause,
          error: String(error),
        });
        await new Promise((resolve) => setTimeout(resolve, pause));
        pause = Math.min(pause * 2, LONGEST_START_RETRY_MS);
      }
    }
  }

  /** The group's committed offsets, settled now that the task's producer fenced the previous owner's. */
  private async startOffsets(inputs: ReadonlyArray<TopicPartition>): Promise<TopicPartitionOffset[]> {
    const { admin, applicationId } = this.options;
    const committed = await admin.committedOffsets(applicationId, inputs);
    const found = new TopicPartitionMap(committed.map((offset) => [offset, true] as const));
    const missing = inputs.filter((input) => !found.has(input));
    if (missing.length === 0) return committed;
    // Never committed: from the beginning, as the consumer's offset reset policy says.
    const ranges = TopicPartitionMap.fromLabels(await admin.offsetRange(missing));
    return [...committed, ...missing.map((input) => ({ ...input, offset: ranges.get(input)?.earliest ?? 0n }))];
  }

  private onFailure(transaction: TaskTransaction, failure: TransactionFailedError): void {
    const { taskId } = transaction;
    if (this.transactions.get(taskId) !== transaction) return;
    this.options.logger.warn(
      failure.fenced
        ? 'task producer fenced: another producer took over its transactional id; closing the task dirty'
        : 'task transaction failed; closing the task dirty and restarting it from its last commit',
      { taskId, error: failure.message },
    );
    if (failure.fenced) this.fenced.add(taskId);
    // Not from inside the failed call (a send or a commit of the collector being flushed).
    setImmediate(() => {
      if (!this.options.stopping() && this.transactions.get(taskId) === transaction) this.options.reviveTask(taskId);
      else this.fenced.delete(taskId);
    });
  }
}
