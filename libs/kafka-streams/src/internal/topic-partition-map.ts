// A map keyed by topic-partition ({ topic, partition }) rather than by "<topic>:<partition>" strings: offsets,
// positions and tasks per input or changelog partition. The "<topic>:<partition>" label remains only where it is
// a format of its own: log fields, checkpoint files (on disk), the assignment's user data and the client
// interface's offset ranges; `fromLabels`/`toLabels` convert at those edges.
import type { TopicPartition } from '../runtime/topic-partition.js';

/** "<topic>:<partition>", as checkpoint files, the assignment's user data and logs spell a topic-partition. */
export const topicPartitionLabel = ({ topic, partition }: TopicPartition): string => `${topic}:${partition}`;

/** The topic-partition of a "<topic>:<partition>" label (topic names may not contain ':', but the split is last). */
export function parseTopicPartitionLabel(label: string): TopicPartition {
  const colon = label.lastIndexOf(':');
  return { topic: label.slice(0, colon), partition: Number(label.slice(colon + 1)) };
}

export interface ReadonlyTopicPartitionMap<V> extends Iterable<[TopicPartition, V]> {
  readonly size: number;
  get(key: TopicPartition): V | undefined;
  has(key: TopicPartition): boolean;
  keys(): IterableIterator<TopicPartition>;
  values(): IterableIterator<V>;
  entries(): IterableIterator<[TopicPartition, V]>;
  /** The same entries keyed by "<topic>:<partition>" labels (for the formats that spell them so). */
  toLabels(): Map<string, V>;
}

export class TopicPartitionMap<V> implements ReadonlyTopicPartitionMap<V> {
  private readonly byTopic = new Map<string, Map<number, V>>();
  private count = 0;

  constructor(entries?: Iterable<readonly [TopicPartition, V]>) {
    if (entries) for (const [key, value] of entries) this.set(key, value);
  }

  /** From a map keyed by "<topic>:<partition>" labels. */
  static fromLabels<V>(labelled: ReadonlyMap<string, V>): TopicPartitionMap<V> {
    const map = new TopicPartitionMap<V>();
    for (const [label, value] of labelled) map.set(parseTopicPartitionLabel(label), value);
    return map;
  }

  get size(): number {
    return this.count;
  }

  get({ topic, partition }: TopicPartition): V | undefined {
    return this.byTopic.get(topic)?.get(partition);
  }

  has({ topic, partition }: TopicPartition): boolean {
    return this.byTopic.get(topic)?.has(partition) ?? false;
  }

  set({ topic, partition }: TopicPartition, value: V): this {
    let partitions = this.byTopic.get(topic);
    if (!partitions) {
      partitions = new Map();
      this.byTopic.set(topic, partitions);
    }
    if (!partitions.has(partition)) this.count++;
    partitions.set(partition, value);
    return this;
  }

  delete({ topic, partition }: TopicPartition): boolean {
    const partitions = this.byTopic.get(topic);
    if (!partitions?.delete(partition)) return false;
    this.count--;
    if (partitions.size === 0) this.byTopic.delete(topic);
    return true;
  }

  clear(): void {
    this.byTopic.clear();
    this.count = 0;
  }

  *entries(): IterableIterator<[TopicPartition, V]> {
    for (const [topic, partitions] of this.byTopic) {
      for (const [partition, value] of partitions) yield [{ topic, partition }, value];
    }
  }

  *keys(): IterableIterator<TopicPartition> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): IterableIterator<V> {
    for (const partitions of this.byTopic.values()) yield* partitions.values();
  }

  [Symbol.iterator](): IterableIterator<[TopicPartition, V]> {
    return this.entries();
  }

  toLabels(): Map<string, V> {
    return new Map([...this.entries()].map(([key, value]) => [topicPartitionLabel(key), value]));
  }
}
