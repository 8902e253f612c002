// Consumer lag per input partition (Kafka's records-lag): the partition's end offset minus the consumer's position,
// both as of the latest batch fetched and handled. The position moves past transaction markers too, so a partition
// written transactionally shows no lag once caught up.
import type { TopicPartition } from '../client/types.js';

export interface PartitionLag extends TopicPartition {
  readonly lag: number;
}

/** Where the consumer stands in a partition after handling a fetched batch. */
export interface FetchPosition extends TopicPartition {
  /** The next offset to fetch. */
  readonly nextOffset: bigint;
  /** The partition's end offset when the batch was fetched. */
  readonly highWatermark: bigint;
}

export class ConsumerLag {
  private readonly partitions = new Map<string, PartitionLag>();

  onBatchHandled({ topic, partition, nextOffset, highWatermark }: FetchPosition): void {
    const lag = highWatermark > nextOffset ? Number(highWatermark - nextOffset) : 0;
    this.partitions.set(`${topic}:${partition}`, { topic, partition, lag });
  }

  /** Forgets the partitions the new assignment took away; the others keep their lag until their next fetch. */
  onAssigned(partitions: ReadonlyArray<TopicPartition>): void {
    const assigned = new Set(partitions.map(({ topic, partition }) => `${topic}:${partition}`));
    for (const key of this.partitions.keys()) if (!assigned.has(key)) this.partitions.delete(key);
  }

  snapshot(): PartitionLag[] {
    return [...this.partitions.values()];
  }
}
