// The group assignor: hands out whole tasks, so every input partition of a task (e.g. both sides of a
// join) lands on the same instance, and spreads each sub-topology's tasks evenly over the members.
import type { GroupAssignor, GroupMember, MemberAssignment, TopicPartition } from '../client/types.js';
import { layoutTasks } from './task-layout.js';
import type { SubtopologyTopics } from './topic-layout.js';

const EMPTY = Buffer.alloc(0);

export class TaskAssignor implements GroupAssignor {
  readonly name = 'streamkit-tasks';
  readonly version = 1;

  constructor(private readonly subtopologies: () => ReadonlyArray<SubtopologyTopics>) {}

  subscriptionUserData(): Buffer {
    return EMPTY;
  }

  assign(input: {
    readonly members: ReadonlyArray<GroupMember>;
    readonly partitionsPerTopic: ReadonlyMap<string, number>;
  }): Map<string, MemberAssignment> {
    const memberIds = input.members.map((m) => m.memberId).sort();
    const partitions = new Map<string, TopicPartition[]>(memberIds.map((id) => [id, []]));
    if (memberIds.length === 0) return new Map();
    let next = 0;
    for (const task of layoutTasks(this.subtopologies(), input.partitionsPerTopic)) {
      const memberId = memberIds[next++ % memberIds.length]!;
      partitions.get(memberId)!.push(...task.inputs);
    }
    return new Map([...partitions].map(([id, assigned]) => [id, { partitions: assigned }]));
  }
}
