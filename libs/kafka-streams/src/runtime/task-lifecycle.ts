// Hooks the task manager calls around each task's life, for what a processing guarantee needs beyond
// at-least-once. Exactly-once (eos/exactly-once-tasks.ts) uses them to give every task its own transactional
// producer, to start tasks from offsets the broker has settled, and to decide what a closing task's stores
// may keep. Without hooks, tasks start where the consumer stands and a clean close checkpoints.
import type { TopicPartition, TopicPartitionOffset } from '../client/types.js';

/**
 * What happens to a closing task's state stores:
 * - `checkpoint`: flushed, and their changelog offsets written (a clean close);
 * - `keep`: closed as they are, the last checkpoint stays (the next start replays the changelog after it);
 * - `wipe`: the task's state directory is deleted, so the next start restores the stores from the changelogs.
 */
export type StateDisposal = 'checkpoint' | 'keep' | 'wipe';

export interface TaskLifecycle {
  /**
   * Runs before a new task restores or processes anything (its input partitions are paused meanwhile).
   * Resolves where each input partition is read from; records fetched for the task before are dropped.
   * `aborted()` turns true when the task is revoked meanwhile: nothing more should be done for it then.
   */
  starting(
    taskId: string,
    inputs: ReadonlyArray<TopicPartition>,
    aborted: () => boolean,
  ): Promise<ReadonlyArray<TopicPartitionOffset>>;
  /**
   * Called synchronously when a task stops (revoked, closed, failed), before its stores close. `clean` is the
   * runtime's view (false after a failure); `processed` holds the input offsets the task processed (empty when
   * it never ran). Resolves what to do with the task's stores.
   */
  stopping(taskId: string, clean: boolean, processed: ReadonlyArray<TopicPartitionOffset>): Promise<StateDisposal>;
}
