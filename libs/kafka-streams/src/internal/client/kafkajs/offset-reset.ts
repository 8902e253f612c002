// Corrects how kafkajs resets a partition whose fetch position is out of range (OFFSET_OUT_OF_RANGE: the records
// there were deleted). kafkajs 2.2.4 (consumer/offsetManager, setDefaultOffset) COMMITS the reset to the group —
// the sentinel "earliest" (-2) as the partition's committed offset, with a plain OffsetCommit, even with
// autoCommit off — and so erases the offset the application committed. Under exactly-once that offset is the one
// a task's transaction committed: the next owner of the task then finds none, starts from the earliest record left
// and processes again what was already counted (#16: a cut-off instance's stale task read a repartition partition
// below its purged start, and the words of [purge point, committed offset) were counted twice). Java's consumer
// only moves its position on such a reset (auto.offset.reset) and commits nothing; so does this correction: the
// partition's next fetch starts at its earliest (or latest) offset, and the group's committed offsets stay.
import { createRequire } from 'node:module';

interface TopicPartitionOffsets {
  readonly topic: string;
  readonly partitions: ReadonlyArray<{ readonly partition: number; readonly offset: string }>;
}

/** The parts of kafkajs' OffsetManager (kafkajs/src/consumer/offsetManager/index.js) this correction uses. */
interface KafkajsOffsetManager {
  readonly cluster: {
    fetchTopicsOffset(
      topics: ReadonlyArray<{ topic: string; partitions: Array<{ partition: number }>; fromBeginning?: boolean }>,
    ): Promise<TopicPartitionOffsets[]>;
  };
  readonly topicConfigurations: Readonly<Record<string, { fromBeginning?: boolean }>>;
  /** Per topic and partition, where the next fetch starts (kafkajs' `seek` without autoCommit sets it too). */
  readonly resolvedOffsets: Record<string, Record<number, string>>;
}

interface OffsetManagerClass {
  prototype: {
    setDefaultOffset(this: KafkajsOffsetManager, partition: { topic: string; partition: number }): Promise<void>;
  };
  [CORRECTED]?: true;
}

const CORRECTED: unique symbol = Symbol.for('streamkit.kafkajs.offsetResetCorrected');

const requireFromHere = createRequire(import.meta.url);

/** Installs the correction into the kafkajs that this module resolves (once per kafkajs copy). */
export function correctKafkajsOffsetReset(): void {
  const OffsetManager = requireFromHere('kafkajs/src/consumer/offsetManager/index.js') as OffsetManagerClass;
  if (OffsetManager[CORRECTED]) return;
  OffsetManager.prototype.setDefaultOffset = async function (this: KafkajsOffsetManager, { topic, partition }) {
    this.resolvedOffsets[topic]![partition] = await resetPosition(this, topic, partition);
  };
  OffsetManager[CORRECTED] = true;
}

/** The partition's earliest offset (latest when the subscription is not from the beginning), from the broker. */
async function resetPosition(manager: KafkajsOffsetManager, topic: string, partition: number): Promise<string> {
  const fromBeginning = manager.topicConfigurations[topic]?.fromBeginning ?? false;
  const [offsets] = await manager.cluster.fetchTopicsOffset([{ topic, partitions: [{ partition }], fromBeginning }]);
  const found = offsets?.partitions.find((p) => p.partition === partition);
  if (found === undefined)
    throw new Error(`no ${fromBeginning ? 'earliest' : 'latest'} offset for ${topic}:${partition}`);
  return found.offset;
}
