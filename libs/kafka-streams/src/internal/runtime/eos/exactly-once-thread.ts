// Exactly-once v2 for the runtime's tasks (Java's `exactly_once_v2`), on clients whose transactional offset commits
// carry the consumer group metadata (KIP-447): one transactional producer for the stream thread (thread-transaction.ts).
//
// - Zombies are fenced by the group coordinator: offsets sent with an older generation are rejected, so a member
//   that lost its partitions cannot commit their offsets, whatever its transactional id.
// - A task starting here reads its input from the group's committed offsets, asked for as stable (KIP-447's
//   require_stable): while a transaction of the previous owner with offsets of its partitions is pending, the
//   coordinator answers "unstable" and the task waits until that transaction committed or was aborted.
// - A task stopping with changes in the open transaction that cannot commit any more aborts it: the other tasks
//   that wrote in it start again from their last commit. When the transaction fails, every task does.
import { randomUUID } from 'node:crypto';
import type { AdminClient, GroupConsumer, KafkaClientFactory, TopicPartitionOffset } from '../../client/types.js';
import type { TopicPartition } from '../../../runtime/topic-partition.js';
import type { TransactionFailedError } from '../../../errors/exceptions.js';
import type { StreamsLogger } from '../../../runtime/logger.js';
import type { IntervalCommitter } from '../committer.js';
import type { TransactionCounters } from '../instruments/transaction-counters.js';
import type { TaskHooks } from '../task-lifecycle.js';
import type { TaskManager } from '../task-manager.js';
import { TopicPartitionMap, topicPartitionLabel } from '../../topic-partition-map.js';
import type { ExactlyOnce } from './exactly-once.js';
import { ThreadTransactionCommitter } from './thread-committer.js';
import { ThreadTransaction } from './thread-transaction.js';

export interface ExactlyOnceThreadOptions {
  readonly applicationId: string;
  /**
   * Stable across restarts when given (the group instance id of a static member): a restarted instance registers
   * the same transactional id, which aborts its predecessor's open transaction at once instead of after the
   * transaction timeout. Unset: a random id per instance, as each start is a new member anyway.
   */
  readonly instanceId?: string;
  readonly clients: Pick<KafkaClientFactory, 'transactionalProducer'>;
  readonly admin: Pick<AdminClient, 'committedOffsets' | 'offsetRange'>;
  readonly transactionTimeoutMs: number;
  readonly logger: StreamsLogger;
  readonly transactionCounters?: Pick<TransactionCounters, 'recordCommit' | 'recordAbort'>;
  /** Closes the task dirty and starts it again (TaskManager.reviveTask). */
  readonly reviveTask: (taskId: string) => void;
  /** The tasks running here now. */
  readonly activeTasks: () => ReadonlyArray<string>;
  /** True once the application is closing or failed: failed tasks are then not started again. */
  readonly stopping: () => boolean;
}

/** `<applicationId>-<processId>-<thread>`, as Java names a stream thread's producer under exactly_once_v2. */
export const threadTransactionalIdOf = (applicationId: string, processId: string, thread: number): string =>
  `${applicationId}-${processId}-${thread}`;

/** How often a start asks again while the previous owner's transaction is still pending. */
const UNSTABLE_RETRY_MS = 250;

export class ExactlyOnceThread implements ExactlyOnce {
  private readonly transactionalId: string;
  private transaction: ThreadTransaction;

  constructor(private readonly options: ExactlyOnceThreadOptions) {
    this.transactionalId = threadTransactionalIdOf(options.applicationId, options.instanceId ?? randomUUID(), 1);
    this.transaction = this.newTransaction();
  }

  create(taskId: string): TaskHooks {
    const transaction = this.transaction;
    return {
      sender: transaction.senderFor(taskId),
      starting: async (inputs, aborted) => {
        await transaction.initialize();
        if (aborted()) return [];
        const positions = await this.startOffsets(inputs, aborted);
        this.options.logger.debug('task starting from committed offsets', {
          taskId,
          positions: positions.map((p) => `${topicPartitionLabel(p)}@${p.offset}`),
        });
        return positions;
      },
      stopping: (clean, processed) =>
        transaction.exclusively(async () => {
          if (!transaction.uncommitted(taskId, processed)) return clean ? 'checkpoint' : 'keep';
          const others = await transaction.abortFor(taskId);
          if (others.length > 0) {
            this.options.logger.warn('a task stopped with uncommitted changes: the thread transaction was aborted', {
              taskId,
              restarting: others,
            });
            this.reviveLater(others);
          }
          return 'wipe';
        }),
    };
  }

  committer(tasks: TaskManager, consumer: GroupConsumer, intervalMs: number, logger: StreamsLogger): IntervalCommitter {
    const groupMetadata = consumer.groupMetadata;
    if (!groupMetadata) throw new Error('exactly-once v2 needs a client whose consumer gives its group metadata');
    return new ThreadTransactionCommitter(tasks, () => this.transaction, groupMetadata, intervalMs, logger);
  }

  partitionsLost(): void {
    this.transaction.abandon();
  }

  close(): Promise<void> {
    return this.transaction.close();
  }

  private newTransaction(): ThreadTransaction {
    const { applicationId, clients, transactionTimeoutMs, logger, transactionCounters } = this.options;
    const producer = clients.transactionalProducer({ transactionalId: this.transactionalId, transactionTimeoutMs });
    const transaction: ThreadTransaction = new ThreadTransaction(
      producer,
      applicationId,
      logger,
      (failure) => this.onFailure(transaction, failure),
      transactionCounters,
    );
    return transaction;
  }

  /** The transaction failed: a new producer (registering the id again) for new task instances, and every task revived. */
  private onFailure(failed: ThreadTransaction, failure: TransactionFailedError): void {
    if (this.transaction !== failed) return;
    this.options.logger.warn(
      failure.fenced
        ? 'thread transaction fenced (a newer producer or generation); restarting every task from its last commit'
        : 'thread transaction failed; restarting every task from its last commit',
      { error: failure.message },
    );
    this.transaction = this.newTransaction();
    void failed.close();
    this.reviveLater(this.options.activeTasks());
  }

  /** Not from inside the failed call (a send or a commit of a collector being flushed). */
  private reviveLater(taskIds: ReadonlyArray<string>): void {
    setImmediate(() => {
      if (this.options.stopping()) return;
      for (const taskId of taskIds) this.options.reviveTask(taskId);
    });
  }

  /** The group's committed offsets once stable; partitions never committed start at their earliest offset. */
  private async startOffsets(
    inputs: ReadonlyArray<TopicPartition>,
    aborted: () => boolean,
  ): Promise<TopicPartitionOffset[]> {
    const { admin, applicationId, transactionTimeoutMs, logger } = this.options;
    const deadline = Date.now() + 2 * transactionTimeoutMs;
    let committed: TopicPartitionOffset[];
    for (;;) {
      try {
        committed = await admin.committedOffsets(applicationId, inputs);
        break;
      } catch (error) {
        if (aborted()) return [];
        if (Date.now() > deadline) throw error;
        logger.debug('committed offsets not stable yet (a transaction is pending); asking again', {
          error: String(error),
        });
        await new Promise((resolve) => setTimeout(resolve, UNSTABLE_RETRY_MS));
      }
    }
    const found = new TopicPartitionMap(committed.map((offset) => [offset, true] as const));
    const missing = inputs.filter((input) => !found.has(input));
    if (missing.length === 0) return committed;
    const ranges = TopicPartitionMap.fromLabels(await admin.offsetRange(missing));
    return [...committed, ...missing.map((input) => ({ ...input, offset: ranges.get(input)?.earliest ?? 0n }))];
  }
}
