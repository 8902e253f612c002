// Reads changelog partitions between two offsets. kafkajs has no manual assign() (tulios/kafkajs#373), so
// the reader joins a group of its own (a unique group id, one member) whose assigner hands it exactly the
// partitions it wants, then seeks each one to its start offset when the assignment arrives.
import kafkajs, { type Consumer, type PartitionAssigner } from 'kafkajs';
import type { ConsumedRecord } from '../../engine/contracts.js';
import type { ChangelogRange, ChangelogReader, FetchedBatch } from '../types.js';
import { fromKafkajsHeaders } from './headers.js';

const { AssignerProtocol } = kafkajs;
const EMPTY = Buffer.alloc(0);
const key = (topic: string, partition: number) => `${topic}:${partition}`;

/** Assigns the wanted partitions to every member: the reader's group only ever has one. */
function exactAssigner(ranges: ReadonlyArray<ChangelogRange>): PartitionAssigner {
  const assignment: Record<string, number[]> = {};
  for (const { topic, partition } of ranges) (assignment[topic] ??= []).push(partition);
  return () => ({
    name: 'streamkit-changelog-reader',
    version: 1,
    protocol: ({ topics }) => ({
      name: 'streamkit-changelog-reader',
      metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: EMPTY }),
    }),
    assign: async ({ members }) =>
      members.map(({ memberId }) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 1, assignment, userData: EMPTY }),
      })),
  });
}

export class KafkajsChangelogReader implements ChangelogReader {
  private consumer: Consumer | undefined;
  private finish: (() => void) | undefined;

  constructor(
    private readonly kafka: kafkajs.Kafka,
    private readonly groupId: string,
  ) {}

  async read(ranges: ReadonlyArray<ChangelogRange>, onBatch: (batch: FetchedBatch) => Promise<void>): Promise<void> {
    const remaining = new Map(
      ranges.filter((r) => r.startOffset < r.endOffset).map((r) => [key(r.topic, r.partition), r]),
    );
    if (remaining.size === 0) return;
    const consumer = (this.consumer = this.kafka.consumer({
      groupId: this.groupId,
      allowAutoTopicCreation: false,
      partitionAssigners: [exactAssigner([...remaining.values()])],
      maxWaitTimeInMs: 100,
      // Restore batches can be large; the default session timeout covers slow handlers.
      sessionTimeout: 30_000,
    }));
    const done = new Promise<void>((resolve) => (this.finish = resolve));
    let failure: Error | undefined;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      for (const range of remaining.values()) {
        consumer.seek({ topic: range.topic, partition: range.partition, offset: range.startOffset.toString() });
      }
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) {
        failure = payload.error;
        this.finish?.();
      }
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [...new Set(ranges.map((r) => r.topic))], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        partitionsConsumedConcurrently: 1,
        eachBatch: async ({ batch, heartbeat }) => {
          const range = remaining.get(key(batch.topic, batch.partition));
          if (range === undefined) return;
          const records: ConsumedRecord[] = [];
          for (const message of batch.messages) {
            const offset = BigInt(message.offset);
            if (offset >= range.endOffset) break;
            records.push({
              topic: batch.topic,
              partition: batch.partition,
              offset,
              timestamp: Number(message.timestamp),
              key: message.key ?? null,
              value: message.value ?? null,
              headers: fromKafkajsHeaders(message.headers),
            });
          }
          if (records.length > 0) await onBatch({ topic: batch.topic, partition: batch.partition, records });
          await heartbeat();
          // lastOffset() covers records removed by compaction at the end of the fetched batch too.
          if (BigInt(batch.lastOffset()) + 1n >= range.endOffset) {
            remaining.delete(key(batch.topic, batch.partition));
            consumer.pause([{ topic: batch.topic, partitions: [batch.partition] }]);
            if (remaining.size === 0) this.finish?.();
          }
        },
      });
      await done;
    } finally {
      await this.stop();
    }
    if (failure) throw failure;
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    this.finish?.();
    await consumer?.disconnect();
  }
}
