// What the stream thread asks of an exactly-once scheme: task hooks (the lifecycle), its commits, and a close.
// Two schemes: one producer per task (exactly-once-tasks.ts, for clients without KIP-447, i.e. kafkajs) and one
// producer per thread (exactly-once-thread.ts, exactly-once v2).
import type { GroupConsumer } from '../../client/types.js';
import type { StreamsLogger } from '../../../runtime/logger.js';
import type { IntervalCommitter } from '../committer.js';
import type { TaskLifecycle } from '../task-lifecycle.js';
import type { TaskManager } from '../task-manager.js';

export interface ExactlyOnce extends TaskLifecycle {
  committer(tasks: TaskManager, consumer: GroupConsumer, intervalMs: number, logger: StreamsLogger): IntervalCommitter;
  /**
   * The member lost its partitions; called before its tasks close dirty. Nothing written or processed so far may
   * commit any more.
   */
  partitionsLost?(): void;
  /** After every task closed: ends what the scheme holds beyond the tasks (the thread's producer). */
  close(): Promise<void>;
}
