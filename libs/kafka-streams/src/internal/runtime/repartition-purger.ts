// Purges repartition topics (Java: TaskManager.maybePurgeCommittedRecords): records before an offset the
// application committed are never read again, so at most every `intervalMs` (Java's repartition.purge.interval.ms)
// after a commit, DeleteRecords moves each repartition partition's log start to its committed offset. Repartition
// topics are created with retention.ms=-1: this purge is what keeps them small. A failed purge is only logged; the
// next one deletes up to a newer offset anyway.
import type { TopicPartitionOffset } from '../client/types.js';
import type { StreamsLogger } from '../../runtime/logger.js';
import { topicPartitionLabel, TopicPartitionMap } from '../topic-partition-map.js';

export interface RepartitionPurgerOptions {
  readonly repartitionTopics: ReadonlySet<string>;
  readonly intervalMs: number;
  readonly deleteRecords: (before: ReadonlyArray<TopicPartitionOffset>) => Promise<void>;
  readonly logger: StreamsLogger;
}

export class RepartitionPurger {
  /** The newest committed offset per repartition partition not purged up to yet. */
  private readonly committed = new TopicPartitionMap<bigint>();
  private lastPurgeAt = Date.now();
  private inFlight: Promise<void> | undefined;

  constructor(private readonly options: RepartitionPurgerOptions) {}

  /** Offsets just committed (in a transaction that committed, under exactly-once); purges if one is due. */
  onCommitted(offsets: ReadonlyArray<TopicPartitionOffset>, now = Date.now()): void {
    for (const offset of offsets) {
      if (this.options.repartitionTopics.has(offset.topic)) this.committed.set(offset, offset.offset);
    }
    if (this.inFlight || this.committed.size === 0 || now - this.lastPurgeAt < this.options.intervalMs) return;
    this.lastPurgeAt = now;
    const before = [...this.committed.entries()].map(([partition, offset]) => ({ ...partition, offset }));
    this.committed.clear();
    this.inFlight = this.options
      .deleteRecords(before)
      .then(
        () =>
          this.options.logger.debug('repartition records purged', {
            before: before.map((o) => `${topicPartitionLabel(o)}@${o.offset}`),
          }),
        (error: unknown) =>
          this.options.logger.debug('could not purge repartition records; the next purge retries', {
            error: String(error),
          }),
      )
      .finally(() => (this.inFlight = undefined));
  }

  /** Resolves once no purge is in flight. */
  async idle(): Promise<void> {
    await this.inFlight;
  }
}
