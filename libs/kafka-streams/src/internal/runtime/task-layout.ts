// Which tasks exist and what each reads: task (s, p) reads partition p of every source topic of
// sub-topology s that has more than p partitions (Kafka Streams' default partition grouper).
import type { TopicPartition } from '../../runtime/topic-partition.js';
import { formatTaskId, type TaskId } from '../../processor/task-id.js';
import type { SubtopologyTopics } from './topic-layout.js';

export interface TaskDefinition {
  readonly id: TaskId;
  readonly inputs: ReadonlyArray<TopicPartition>;
}

export function layoutTasks(
  subtopologies: ReadonlyArray<SubtopologyTopics>,
  partitionCounts: ReadonlyMap<string, number>,
): TaskDefinition[] {
  const tasks: TaskDefinition[] = [];
  for (const sub of subtopologies) {
    const counts = sub.sourceTopics.map((topic) => [topic, partitionCounts.get(topic) ?? 0] as const);
    const taskCount = Math.max(0, ...counts.map(([, count]) => count));
    for (let partition = 0; partition < taskCount; partition++) {
      tasks.push({
        id: { subtopology: sub.id, partition },
        inputs: counts.filter(([, count]) => partition < count).map(([topic]) => ({ topic, partition })),
      });
    }
  }
  return tasks;
}

export { formatTaskId };
