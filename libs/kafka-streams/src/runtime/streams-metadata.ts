// Where the application's state lives, for routing interactive queries (`KafkaStreams.queryMetadataForKey` and friends).
import type { HostInfo } from './host-info.js';
import type { TopicPartition } from './topic-partition.js';

/** Where to query one key (Java's KeyQueryMetadata). */
export interface KeyQueryMetadata {
  /** The instance running the task that holds the key. */
  readonly activeHost: HostInfo;
  /** Instances keeping a standby copy of that task (none until standby replicas exist). */
  readonly standbyHosts: ReadonlyArray<HostInfo>;
  /** The store partition (= task partition) holding the key; -1 for a global store. */
  readonly partition: number;
}

/** One instance of the application and what it holds (Java's StreamsMetadata). */
export interface StreamsMetadata {
  readonly hostInfo: HostInfo;
  /** Stores of its active tasks, and every global store. */
  readonly stateStoreNames: ReadonlyArray<string>;
  /** Source partitions of its active tasks. */
  readonly topicPartitions: ReadonlyArray<TopicPartition>;
  readonly standbyStateStoreNames: ReadonlyArray<string>;
  readonly standbyTopicPartitions: ReadonlyArray<TopicPartition>;
}

/**
 * Whether this instance can answer a query on one store partition from its own state right now:
 * `queryable` (RUNNING, the partition's task is active here), or why not.
 */
export type LocalQueryState = 'queryable' | 'not-running' | 'rebalancing' | 'restoring' | 'not-active';
