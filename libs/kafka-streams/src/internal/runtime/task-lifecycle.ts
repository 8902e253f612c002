// Hooks the task manager calls around each task's life, for what a processing guarantee needs beyond
// at-least-once. Exactly-once (eos/exactly-once-tasks.ts) uses them to give every task its own transactional
// producer, to start tasks from offsets the broker has settled, and to decide what a closing task's stores
// may keep. Without hooks, tasks write with the shared producer, start where the consumer stands, and a clean
// close checkpoints.
import type { TopicPartitionOffset } from '../client/types.js';
import type { TopicPartition } from '../../runtime/topic-partition.js';
import type { RecordSender } from './task-collector.js';

/**
 * What happens to a closing task's state stores:
 * - `checkpoint`: flushed, and their changelog offsets written (a clean close);
 * - `keep`: closed as they are, the last checkpoint stays (the next start replays the changelog after it; under
 *   exactly-once a task that processed has none, so the next start restores in full);
 * - `wipe`: the task's state directory is deleted, so the next start restores the stores from the changelogs.
 */
export type StateDisposal = 'checkpoint' | 'keep' | 'wipe';

export interface TaskLifecycle {
  /**
   * A task is being created here (again, after a revocation or a failure: each time is a new instance of
   * it, with hooks of its own, so that a late stop of an earlier instance never touches the current one).
   */
  create(taskId: string): TaskHooks;
}

export interface TaskHooks {
  /** What the task's record collector writes with. */
  readonly sender: RecordSender;
  /**
   * Runs before the task restores or processes anything (its input partitions are paused meanwhile).
   * Resolves where each input partition is read from; records fetched for the task before are dropped.
   * `aborted()` turns true when the task is revoked meanwhile: nothing more should be done for it then.
   */
  starting(inputs: ReadonlyArray<TopicPartition>, aborted: () => boolean): Promise<ReadonlyArray<TopicPartitionOffset>>;
  /**
   * The task stopped (revoked, closed, failed); its stores close next. `clean` is the runtime's view (false
   * after a failure); `processed` holds the input offsets the task processed (empty when it never ran).
   * Resolves what to do with the task's stores.
   */
  stopping(clean: boolean, processed: ReadonlyArray<TopicPartitionOffset>): Promise<StateDisposal>;
}
