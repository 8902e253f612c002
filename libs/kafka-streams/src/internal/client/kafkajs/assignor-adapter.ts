// Runs a client-neutral GroupAssignor as a kafkajs partition assigner.
import kafkajs, { type PartitionAssigner } from 'kafkajs';
import type { GroupAssignor } from '../types.js';

const { AssignerProtocol } = kafkajs;
const EMPTY = Buffer.alloc(0);

export function toKafkajsAssigner(assignor: GroupAssignor): PartitionAssigner {
  return ({ cluster }) => ({
    name: assignor.name,
    version: assignor.version,
    protocol: ({ topics }) => ({
      name: assignor.name,
      metadata: AssignerProtocol.MemberMetadata.encode({
        version: assignor.version,
        topics,
        userData: assignor.subscriptionUserData(),
      }),
    }),
    assign: async ({ members, topics }) => {
      const partitionsPerTopic = new Map(
        topics.map((topic) => [topic, cluster.findTopicPartitionMetadata(topic).length] as const),
      );
      const decoded = members.map(({ memberId, memberMetadata }) => {
        const metadata = AssignerProtocol.MemberMetadata.decode(memberMetadata);
        return { memberId, topics: metadata?.topics ?? [], userData: metadata?.userData ?? EMPTY };
      });
      const assignments = await assignor.assign({ members: decoded, partitionsPerTopic });
      return decoded.map(({ memberId }) => {
        const assigned = assignments.get(memberId);
        const byTopic: Record<string, number[]> = {};
        for (const { topic, partition } of assigned?.partitions ?? []) (byTopic[topic] ??= []).push(partition);
        return {
          memberId,
          memberAssignment: AssignerProtocol.MemberAssignment.encode({
            version: assignor.version,
            assignment: byTopic,
            userData: assigned?.userData ?? EMPTY,
          }),
        };
      });
    },
  });
}
