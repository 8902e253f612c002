// Owns the tasks of this instance: creates and closes them when the assignment changes, routes fetched
// records to them by topic-partition, runs them one record at a time, and reports committable offsets.
import type {
  FetchedBatch,
  GroupConsumer,
  RecordProducer,
  TopicPartition,
  TopicPartitionOffset,
} from '../client/types.js';
import { formatTaskId, type StreamTask } from '../engine/contracts.js';
import type { ErrorHandlers } from '../errors/handlers.js';
import type { TopologyPlan } from '../topology/plan.js';
import type { StreamsLogger } from './logger.js';
import type { OutputPartitioner } from './output-partitioner.js';
import { TaskRecordCollector } from './task-collector.js';
import { type TaskDefinition, topicPartitionKey } from './task-layout.js';

interface ActiveTask {
  readonly task: StreamTask;
  readonly collector: TaskRecordCollector;
}

export interface TaskManagerOptions {
  readonly plan: TopologyPlan;
  readonly applicationId: string;
  readonly errorHandlers: ErrorHandlers;
  readonly logger: StreamsLogger;
  readonly partitioner: OutputPartitioner;
  /** The producer a task writes with: shared under at-least-once. */
  readonly producerFor: (taskId: string) => RecordProducer;
  readonly consumer: GroupConsumer;
  readonly taskDefinitions: () => ReadonlyArray<TaskDefinition>;
}

export class TaskManager {
  private readonly tasks = new Map<string, ActiveTask>();
  private readonly taskByPartition = new Map<string, ActiveTask>();
  /** Offset after the last record handed to a task, per partition: where fetching must continue. */
  private readonly fetchPositions = new Map<string, bigint>();

  constructor(private readonly options: TaskManagerOptions) {}

  taskIds(): string[] {
    return [...this.tasks.keys()];
  }

  owns(partition: TopicPartition): boolean {
    return this.taskByPartition.has(topicPartitionKey(partition));
  }

  /**
   * Applies a new assignment: closes tasks no longer assigned, creates new ones, and re-positions the
   * partitions of kept tasks after what they already buffered (kafkajs would restart from the last commit).
   */
  onAssigned(partitions: ReadonlyArray<TopicPartition>): void {
    const assigned = new Set(partitions.map(topicPartitionKey));
    const wanted = new Map<string, TaskDefinition>();
    for (const definition of this.options.taskDefinitions()) {
      const inputs = definition.inputs.filter((input) => assigned.has(topicPartitionKey(input)));
      if (inputs.length > 0) wanted.set(formatTaskId(definition.id), { id: definition.id, inputs });
    }
    for (const [taskId, active] of this.tasks) {
      if (!wanted.has(taskId)) this.closeTask(taskId, active);
    }
    for (const [taskId, definition] of wanted) {
      const kept = this.tasks.get(taskId);
      if (kept) {
        for (const input of kept.task.inputs) {
          const position = this.fetchPositions.get(topicPartitionKey(input));
          if (position !== undefined) this.options.consumer.seek({ ...input, offset: position });
        }
      } else {
        this.createTask(taskId, definition);
      }
    }
    this.options.logger.info('assignment applied', { tasks: [...this.tasks.keys()] });
  }

  /** Hands a fetched batch to its task; false when no task of this instance reads that partition. */
  addRecords(batch: FetchedBatch): boolean {
    const key = topicPartitionKey(batch);
    const active = this.taskByPartition.get(key);
    if (!active || batch.records.length === 0) return false;
    const position = this.fetchPositions.get(key);
    // A batch can overlap what was already buffered (fetched before a re-positioning): skip the overlap.
    const fresh = position === undefined ? batch.records : batch.records.filter((r) => r.offset >= position);
    if (fresh.length === 0) return true;
    active.task.addRecords(fresh);
    this.fetchPositions.set(key, fresh[fresh.length - 1]!.offset + 1n);
    return true;
  }

  /** Processes up to `maxRecords` records, round-robin over tasks; returns how many were processed. */
  process(maxRecords: number, wallClockMs: number): number {
    let processed = 0;
    let progressed = true;
    while (progressed && processed < maxRecords) {
      progressed = false;
      for (const { task } of this.tasks.values()) {
        if (processed >= maxRecords) break;
        if (task.process(wallClockMs)) {
          processed++;
          progressed = true;
        }
      }
    }
    return processed;
  }

  buffered(): number {
    let total = 0;
    for (const { task } of this.tasks.values()) total += task.buffered();
    return total;
  }

  punctuate(wallClockMs: number): void {
    for (const { task } of this.tasks.values()) task.punctuateWallClock(wallClockMs);
  }

  commitRequested(): boolean {
    for (const { task } of this.tasks.values()) if (task.commitRequested()) return true;
    return false;
  }

  /** Offsets the current tasks could commit now. */
  committableOffsets(): TopicPartitionOffset[] {
    const offsets: TopicPartitionOffset[] = [];
    for (const { task } of this.tasks.values()) {
      for (const [key, offset] of task.committableOffsets()) {
        const separator = key.lastIndexOf(':');
        offsets.push({ topic: key.slice(0, separator), partition: Number(key.slice(separator + 1)), offset });
      }
    }
    return offsets;
  }

  /** Sends everything the tasks produced so far and waits for the broker's acknowledgements. */
  async flush(): Promise<void> {
    await Promise.all([...this.tasks.values()].map(({ collector }) => collector.flush()));
  }

  markCommitted(): void {
    for (const { task } of this.tasks.values()) task.markCommitted();
  }

  closeAll(): void {
    for (const [taskId, active] of this.tasks) this.closeTask(taskId, active);
  }

  private createTask(taskId: string, definition: TaskDefinition): void {
    const { plan, applicationId, errorHandlers, logger, partitioner, producerFor } = this.options;
    const collector = new TaskRecordCollector(
      taskId,
      producerFor(taskId),
      partitioner,
      errorHandlers.production,
      logger,
    );
    const task = plan.createTask(definition.id, definition.inputs, {
      applicationId,
      collector,
      errorHandlers,
      internalTopicName: (name) => `${applicationId}-${name}`,
      logger,
    });
    const active = { task, collector };
    this.tasks.set(taskId, active);
    for (const input of definition.inputs) this.taskByPartition.set(topicPartitionKey(input), active);
    logger.debug('task created', { taskId, inputs: definition.inputs });
  }

  private closeTask(taskId: string, active: ActiveTask): void {
    this.tasks.delete(taskId);
    for (const input of active.task.inputs) {
      const key = topicPartitionKey(input);
      this.taskByPartition.delete(key);
      this.fetchPositions.delete(key);
    }
    active.collector.discard();
    try {
      active.task.close();
    } catch (error) {
      this.options.logger.warn('error while closing task', { taskId, error: String(error) });
    }
    this.options.logger.debug('task closed', { taskId });
  }
}
