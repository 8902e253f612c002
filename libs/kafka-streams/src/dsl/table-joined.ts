// TableJoined<K, KO> (Java: TableJoined): options of a foreign-key table join. `partitioner` places the responses,
// keyed by this table's key, on the response topic; `otherPartitioner` places the subscriptions, keyed by the
// foreign key, on the subscription topic. Give them when a table's topic is not partitioned by the default
// partitioner (murmur2 of the key bytes): each internal topic must be partitioned like the table it is joined with.
// Both are called with a null value, as Java's. In a left join, a row that is deleted or whose extractor gives null
// subscribes with a null foreign key, as in Java: otherPartitioner is given that null key too (any partition will do,
// no foreign row answers it). `name` names the join's processors, store and internal topics.
import type { StreamPartitioner } from '../topology/nodes.js';

export class TableJoined<K, KO> {
  private constructor(
    readonly partitioner: StreamPartitioner<K, null> | undefined,
    readonly otherPartitioner: StreamPartitioner<KO | null, null> | undefined,
    readonly name: string | undefined,
  ) {}

  /** Partitioners for the response topic (this table's keys) and the subscription topic (the foreign keys). */
  static with<K, KO>(
    partitioner: StreamPartitioner<K, null> | undefined,
    otherPartitioner: StreamPartitioner<KO | null, null> | undefined,
  ): TableJoined<K, KO> {
    return new TableJoined(partitioner, otherPartitioner, undefined);
  }

  /**
   * A base name: processors `<name>-subscription-registration-processor`, ..., `<name>-result`, the subscription
   * store `<name>-subscription-store`, topics `<applicationId>-<name>-subscription-registration-topic` and
   * `<applicationId>-<name>-subscription-response-topic`.
   */
  static as<K, KO>(name: string): TableJoined<K, KO> {
    return new TableJoined<K, KO>(undefined, undefined, undefined).withName(name);
  }

  withPartitioner(partitioner: StreamPartitioner<K, null> | undefined): TableJoined<K, KO> {
    return new TableJoined(partitioner, this.otherPartitioner, this.name);
  }

  withOtherPartitioner(otherPartitioner: StreamPartitioner<KO | null, null> | undefined): TableJoined<K, KO> {
    return new TableJoined(this.partitioner, otherPartitioner, this.name);
  }

  withName(name: string): TableJoined<K, KO> {
    if (name.trim() === '') throw new Error('TableJoined.withName: the name must not be empty');
    return new TableJoined(this.partitioner, this.otherPartitioner, name);
  }
}
