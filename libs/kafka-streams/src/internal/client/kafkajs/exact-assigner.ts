// kafkajs has no manual assign() (tulios/kafkajs#373). A reader that needs given partitions joins a group of
// its own (a unique group id, one member) whose assigner hands it exactly those partitions.
import kafkajs, { type PartitionAssigner } from 'kafkajs';
import type { TopicPartition } from '../../../runtime/topic-partition.js';

const { AssignerProtocol } = kafkajs;
const EMPTY = Buffer.alloc(0);

/** Assigns `partitions` to every member: the reader's group only ever has one. */
export function exactAssigner(partitions: ReadonlyArray<TopicPartition>): PartitionAssigner {
  const assignment: Record<string, number[]> = {};
  for (const { topic, partition } of partitions) (assignment[topic] ??= []).push(partition);
  return () => ({
    name: 'streamkit-exact',
    version: 1,
    protocol: ({ topics }) => ({
      name: 'streamkit-exact',
      metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: EMPTY }),
    }),
    assign: async ({ members }) =>
      members.map(({ memberId }) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 1, assignment, userData: EMPTY }),
      })),
  });
}
