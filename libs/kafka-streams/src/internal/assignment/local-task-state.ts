// What this instance tells the group leader about its state when it joins: the tasks it runs (their state is
// current) and, for every other task it holds state for, the changelog offsets its stores contain - read from
// the checkpoints in the state directory (tasks it no longer runs but has not cleaned up yet included), and
// from the live position of its standby tasks, which is fresher than their last checkpoint.
//
// kafkajs asks for the subscription synchronously when it joins, so the checkpoints are read synchronously:
// a few small files, once per rebalance.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readCheckpointSync } from '../state/checkpoint.js';
import type { MemberState } from './task-lags.js';

const TASK_DIRECTORY = /^\d+_\d+$/;

export interface LocalTaskStateOptions {
  /** `<stateDir>/<applicationId>`: one directory per task. */
  readonly applicationDirectory: string;
  /** Tasks this instance runs as active and restored. */
  readonly runningTasks: () => Iterable<string>;
  /** Live changelog positions of the standby tasks, per task. */
  readonly standbyOffsets: () => ReadonlyMap<string, ReadonlyMap<string, bigint>>;
}

export function localTaskState(options: LocalTaskStateOptions): MemberState {
  const activeTasks = new Set(options.runningTasks());
  const taskOffsets = new Map<string, ReadonlyMap<string, bigint>>();
  let entries: string[] = [];
  try {
    entries = readdirSync(options.applicationDirectory);
  } catch {
    // no state directory yet: nothing held
  }
  for (const taskId of entries.filter((name) => TASK_DIRECTORY.test(name))) {
    if (activeTasks.has(taskId)) continue;
    const checkpoint = readCheckpointSync(join(options.applicationDirectory, taskId));
    if (checkpoint.status === 'valid' && checkpoint.offsets.size > 0)
      taskOffsets.set(taskId, checkpoint.offsets.toLabels());
  }
  for (const [taskId, offsets] of options.standbyOffsets()) {
    if (!activeTasks.has(taskId) && offsets.size > 0) taskOffsets.set(taskId, offsets);
  }
  return { activeTasks, taskOffsets };
}
