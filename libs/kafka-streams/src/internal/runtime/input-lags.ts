// What the tasks' idling (max.task.idle.ms) needs to know about each input partition: how many of its records are
// on the broker and not fetched yet. Known from when the partition's task starts (its end offset and where
// reading begins), kept current by every fetch (position and high watermark), including fetches that only
// moved past transaction markers.
import type { TopicPartition } from '../../runtime/topic-partition.js';
import { TopicPartitionMap } from '../topic-partition-map.js';

interface Progress {
  position: bigint;
  end: bigint;
}

export class InputLags {
  private readonly progress = new TopicPartitionMap<Progress>();

  /** The partition's task starts reading at `position`; the partition ends at `end` (its high watermark). */
  start(partition: TopicPartition, position: bigint, end: bigint): void {
    this.progress.set(partition, { position, end });
  }

  /** Records up to `nextOffset` (exclusive) were fetched. */
  fetched(partition: TopicPartition, nextOffset: bigint, highWatermark?: bigint): void {
    const progress = this.progress.get(partition);
    if (!progress) return;
    if (nextOffset > progress.position) progress.position = nextOffset;
    if (highWatermark !== undefined && highWatermark > progress.end) progress.end = highWatermark;
  }

  /** Undefined until the partition's task started here. */
  lag(partition: TopicPartition): bigint | undefined {
    const progress = this.progress.get(partition);
    if (!progress) return undefined;
    return progress.end > progress.position ? progress.end - progress.position : 0n;
  }

  forget(partition: TopicPartition): void {
    this.progress.delete(partition);
  }
}
