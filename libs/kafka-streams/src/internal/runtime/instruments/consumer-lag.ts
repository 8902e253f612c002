// Consumer lag per input partition (Kafka's records-lag): the partition's end offset minus the consumer's position,
// both as of the latest batch fetched and handled. The position moves past transaction markers too, so a partition
// written transactionally shows no lag once caught up. kafkajs reports nothing for fetches that bring no records,
// so a partition assigned while there is nothing new to read gets a first figure from the group's committed offset.
import type { AdminClient } from '../../client/types.js';
import type { TopicPartition } from '../../../runtime/topic-partition.js';
import type { StreamsLogger } from '../../../runtime/logger.js';
import type { PartitionLag } from '../../../runtime/metrics.js';
import { TopicPartitionMap } from '../../topic-partition-map.js';

/** Where the consumer stands in a partition after handling a fetched batch. */
export interface FetchPosition extends TopicPartition {
  /** The next offset to fetch. */
  readonly nextOffset: bigint;
  /** The partition's end offset when the batch was fetched. */
  readonly highWatermark: bigint;
}

export class ConsumerLag {
  private readonly partitions = new TopicPartitionMap<PartitionLag>();
  private assigned = new TopicPartitionMap<true>();

  onBatchHandled({ topic, partition, nextOffset, highWatermark }: FetchPosition): void {
    this.partitions.set({ topic, partition }, { topic, partition, lag: distance(highWatermark, nextOffset) });
  }

  /** Forgets the partitions the new assignment took away; the others keep their lag until their next fetch. */
  onAssigned(partitions: ReadonlyArray<TopicPartition>): void {
    this.assigned = new TopicPartitionMap(partitions.map((partition) => [partition, true] as const));
    for (const id of [...this.partitions.keys()]) if (!this.assigned.has(id)) this.partitions.delete(id);
  }

  /**
   * Gives assigned partitions without a figure yet their end offset minus `groupId`'s committed offset (the earliest
   * offset when none is committed). Best effort: a failure is logged, and the next fetch sets the figure anyway.
   */
  async estimate(
    partitions: ReadonlyArray<TopicPartition>,
    admin: Pick<AdminClient, 'offsetRange' | 'committedOffsets'>,
    groupId: string,
    logger: StreamsLogger,
  ): Promise<void> {
    if (partitions.length === 0) return;
    try {
      const [ranges, committed] = await Promise.all([
        admin.offsetRange(partitions).then((labelled) => TopicPartitionMap.fromLabels(labelled)),
        admin.committedOffsets(groupId, partitions),
      ]);
      const positions = new TopicPartitionMap(committed.map((offset) => [offset, offset.offset] as const));
      for (const { topic, partition } of partitions) {
        const id = { topic, partition };
        const range = ranges.get(id);
        if (!range || !this.assigned.has(id) || this.partitions.has(id)) continue;
        this.partitions.set(id, { topic, partition, lag: distance(range.end, positions.get(id) ?? range.earliest) });
      }
    } catch (error) {
      logger.debug('could not read offsets to estimate consumer lag', { error: String(error) });
    }
  }

  snapshot(): PartitionLag[] {
    return [...this.partitions.values()];
  }
}

const distance = (end: bigint, position: bigint): number => (end > position ? Number(end - position) : 0);
