// Picks the partition of every produced record itself (the producer gets an explicit partition), so
// placement never depends on the client library: Java's murmur2 for keyed records, round-robin otherwise.
import { partitionForKey } from '../engine/partitioner.js';

export class OutputPartitioner {
  private readonly counts: Map<string, number>;
  private readonly nextRoundRobin = new Map<string, number>();

  constructor(
    knownCounts: ReadonlyMap<string, number>,
    private readonly lookup: (topics: ReadonlyArray<string>) => Promise<Map<string, number>>,
  ) {
    this.counts = new Map(knownCounts);
  }

  partitionCount(topic: string): number | undefined {
    return this.counts.get(topic);
  }

  /** Partition for a record of `topic`; undefined while the topic's partition count is unknown. */
  partition(topic: string, key: Buffer | null): number | undefined {
    const count = this.counts.get(topic);
    if (count === undefined) return undefined;
    if (key !== null) return partitionForKey(key, count);
    const next = this.nextRoundRobin.get(topic) ?? 0;
    this.nextRoundRobin.set(topic, (next + 1) % count);
    return next;
  }

  /** Learns the partition counts of topics met at run time (dynamic sink topics). */
  async learn(topics: ReadonlyArray<string>): Promise<void> {
    const unknown = topics.filter((topic) => !this.counts.has(topic));
    if (unknown.length === 0) return;
    const found = await this.lookup(unknown);
    for (const topic of unknown) {
      const count = found.get(topic);
      if (count === undefined) throw new Error(`Sink topic ${topic} does not exist`);
      this.counts.set(topic, count);
    }
  }
}
