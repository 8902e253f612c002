// The contract between the topology engine (tasks that run records through processor nodes) and
// whatever feeds it: the Kafka runtime (runtime/) or the broker-less TopologyTestDriver (testing/).
// Both drive the same StreamTask, so a topology behaves identically under test and in production.
import type { MutableHeaders, Headers } from '../../serde/serde.js';
import type { TaskId } from '../../processor/task-id.js';
import type { TaskMetrics } from '../../runtime/metrics.js';

/** A record as it comes off a topic: raw bytes, before deserialization. */
export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly timestamp: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Headers;
}

/** A record on its way out, already serialized. `partition` undefined: the runtime's default partitioner picks it. */
export interface ProducedRecord {
  readonly topic: string;
  readonly partition?: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: number;
  readonly headers: MutableHeaders;
}

/** Collects what a task produces; the runtime sends it to Kafka, the test driver keeps it in memory. */
export interface RecordCollector {
  send(record: ProducedRecord): void;
  /** Partition count of a topic, when a custom StreamPartitioner needs it. */
  partitionsFor(topic: string): number;
}

/**
 * One unit of work: a sub-topology instance for one partition number. Records are handed in per input
 * partition; `process` takes the next record in timestamp order across its inputs (offset order within
 * one partition) and runs it through the processor graph, one at a time.
 */
export interface StreamTask {
  readonly id: TaskId;
  /** Input topic-partitions this task reads ("topic:partition"). */
  readonly inputs: ReadonlyArray<{ readonly topic: string; readonly partition: number }>;
  addRecords(records: ReadonlyArray<ConsumedRecord>): void;
  /** Records buffered and not yet processed (of one of its input partitions, when given). */
  buffered(partition?: { readonly topic: string; readonly partition: number }): number;
  /** Processes at most one record; false when nothing is buffered. */
  process(wallClockMs: number): boolean;
  /** Fires due wall-clock punctuators; stream-time punctuators fire from `process`. */
  punctuateWallClock(wallClockMs: number): void;
  /** Next offsets to commit per input partition (the last processed offset + 1), for records processed so far. */
  committableOffsets(): ReadonlyMap<string, bigint>;
  /** True once a processor asked for a commit via context.commit(). Reset by `markCommitted`. */
  commitRequested(): boolean;
  markCommitted(): void;
  close(): void;
  /** Counters for the runtime's metrics (the engine's tasks implement it). */
  metrics?(): TaskMetrics;
  /** Per input partition ("<topic>:<partition>"), the largest timestamp processed there (-1: none yet). */
  partitionTimes?(): ReadonlyMap<string, number>;
  /**
   * Sets partition times read back from committed offsets (before the task processes anything): stream time
   * continues from where the previous owner left it, so records that were late stay late.
   */
  initializePartitionTimes?(times: ReadonlyMap<string, number>): void;
  /** The timestamp of the input record being processed, else the stream time (changelog records carry it). */
  currentTimestampMs?(): number;
  /**
   * Writes what the task's record cache holds to the stores, their changelogs and downstream (Java: the cache flush
   * of a commit). Called before every commit takes the task's offsets and waits for its output.
   */
  flushCache?(): void;
}

/** Counters a task can count into (its metrics are a copy of them). */
export type MutableTaskMetrics = { -readonly [K in keyof TaskMetrics]: number };

/** The counters of a task that has counted nothing (yet). */
export function zeroTaskMetrics(): MutableTaskMetrics {
  return {
    processed: 0,
    skipped: 0,
    deadLettered: 0,
    deserializationErrors: 0,
    processingErrors: 0,
    productionErrors: 0,
    punctuations: 0,
    droppedLateRecords: 0,
  };
}
