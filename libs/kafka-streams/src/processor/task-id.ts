/** A task: one sub-topology instance for one partition number (Java's TaskId). */
export interface TaskId {
  readonly subtopology: number;
  readonly partition: number;
}

export const formatTaskId = (id: TaskId): string => `${id.subtopology}_${id.partition}`;
