// The assignor of a group consumer the runtime gives none: partitions dealt round-robin over the members.
import type { TopicPartition } from '../../../runtime/topic-partition.js';
import type { GroupAssignor, MemberAssignment } from '../types.js';

export const roundRobinAssignor: GroupAssignor = {
  name: 'roundrobin',
  version: 0,
  subscriptionUserData: () => Buffer.alloc(0),
  assign({ members, partitionsPerTopic }) {
    const sorted = [...members].sort((a, b) => a.memberId.localeCompare(b.memberId));
    const assigned = new Map<string, TopicPartition[]>(sorted.map((m) => [m.memberId, []]));
    let next = 0;
    for (const [topic, count] of [...partitionsPerTopic].sort(([a], [b]) => a.localeCompare(b))) {
      const subscribers = sorted.filter((m) => m.topics.includes(topic));
      for (let partition = 0; partition < count && subscribers.length > 0; partition++) {
        assigned.get(subscribers[next++ % subscribers.length]!.memberId)!.push({ topic, partition });
      }
    }
    return new Map<string, MemberAssignment>([...assigned].map(([memberId, partitions]) => [memberId, { partitions }]));
  },
};
