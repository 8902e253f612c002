// What `KafkaStreams.metrics()` reports: plain snapshots, read by the health checks and the Prometheus exporter.
import type { KafkaStreamsState } from './states.js';
import type { TopicPartition } from './topic-partition.js';

/** A snapshot of the runtime's counters. */
export interface StreamsMetrics {
  readonly state: KafkaStreamsState;
  readonly activeTasks: ReadonlyArray<string>;
  readonly restoringTasks: ReadonlyArray<string>;
  /** Tasks whose stores this instance keeps warm from their changelogs (standbys and warm-ups). */
  readonly standbyTasks: ReadonlyArray<string>;
  /** Per standby task. */
  readonly standby: Readonly<Record<string, StandbyTaskMetrics>>;
  /** Per store name (global stores included). */
  readonly restore: Readonly<Record<string, StoreRestoreMetrics>>;
  /** Per global store name. */
  readonly globalStores: Readonly<Record<string, GlobalStoreMetrics>>;
  /** Approximate entries per global store. */
  readonly globalStoreEntries: Readonly<Record<string, number>>;
  /** Per active task. */
  readonly tasks: Readonly<Record<string, ActiveTaskMetrics>>;
  /** Per input partition of this instance: records not fetched yet, as of its latest fetched batch. */
  readonly consumerLag: ReadonlyArray<PartitionLag>;
  /** How long the commits since start took. */
  readonly commitLatency: LatencySnapshot;
  /** Rebalances this instance took part in (assignments received) since start. */
  readonly rebalances: number;
  /**
   * Times this instance's partitions were lost since start: the group went on without it (its session expired, as
   * in a network partition, or the coordinator no longer knew it), so it committed nothing and closed its tasks dirty
   * (Java's onPartitionsLost). Counted on the platformatic client; kafkajs does not tell a lost generation apart
   * from a rebalance.
   */
  readonly partitionsLost: number;
  /** Per store and changelog partition restored, or being restored, by this instance (the latest restore of each). */
  readonly restoreProgress: ReadonlyArray<StoreRestoreProgress>;
  /** Exactly-once transactions since start. */
  readonly transactions: TransactionMetrics;
}

/** A histogram of durations, as Prometheus histograms count them. */
export interface LatencySnapshot {
  /** Observations since start. */
  readonly count: number;
  readonly sumMs: number;
  /** Cumulative: how many observations took at most `leMs`; the last bucket (Infinity) counts them all. */
  readonly buckets: ReadonlyArray<{ readonly leMs: number; readonly count: number }>;
}

/** Cumulative counters of one task. Every record an error handler lets go is counted in `skipped`. */
export interface TaskMetrics {
  /** Input records run through the processor graph. */
  readonly processed: number;
  /** Records dropped by an error handler answering "continue" or sending them to a dead-letter topic. */
  readonly skipped: number;
  readonly deadLettered: number;
  readonly deserializationErrors: number;
  readonly processingErrors: number;
  readonly productionErrors: number;
  readonly punctuations: number;
  /** Records a windowed operator dropped because their window had closed (window end + grace <= stream time). */
  readonly droppedLateRecords: number;
}

/** What `KafkaStreams.metrics()` reports per active task. */
export interface ActiveTaskMetrics extends TaskMetrics {
  /** How long processing one record took (the whole processor graph, produce calls included). */
  readonly processLatency: LatencySnapshot;
  /** Approximate entries per state store of the task. */
  readonly storeEntries: Readonly<Record<string, number>>;
}

/** What `KafkaStreams.metrics()` reports per standby task. */
export interface StandbyTaskMetrics {
  /** Changelog records not applied yet, as of the latest fetch (summed over the task's changelog partitions). */
  readonly lag: number;
  readonly recordsApplied: number;
}

export interface GlobalStoreMetrics {
  /** True once the store caught up with the end offsets its topic had when the application started. */
  readonly bootstrapped: boolean;
  /** Records applied after the bootstrap (live updates). */
  readonly recordsApplied: number;
  /** Records of the topic the store does not contain yet, as of the latest fetch (summed over partitions). */
  readonly lag: number;
}

export interface StoreRestoreMetrics {
  /** Changelog records applied to this store (all tasks, all restores since start). */
  readonly recordsRestored: number;
  /** Restores of one changelog partition that completed. */
  readonly restoresCompleted: number;
  /** Time spent restoring, summed over partitions. */
  readonly restoreTimeMs: number;
}

export interface StoreRestoreProgress {
  readonly store: string;
  /** The changelog (or global topic) partition. */
  readonly partition: number;
  /** Records applied by the latest restore of this partition. */
  readonly restored: number;
  /** Offsets between the last applied record and the end offset taken when the restore started (0 once done). */
  readonly remaining: number;
  readonly done: boolean;
}

export interface PartitionLag extends TopicPartition {
  readonly lag: number;
}

export interface TransactionMetrics {
  /** Transactions committed since start. */
  readonly committed: number;
  /** Transactions that did not commit: aborted when their task closed, or failed (fenced, or a request failed). */
  readonly aborted: number;
}
