import type { Admin } from 'kafkajs';

/** Whether `groupId` has committed every partition of `topic` up to its end: nothing left to process. */
export async function committedEqualsEnd(admin: Admin, groupId: string, topic: string): Promise<boolean> {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const ends = await admin.fetchTopicOffsets(topic);
  return ends.every(
    ({ partition, high }) => committed?.partitions.find((p) => p.partition === partition)?.offset === high,
  );
}
