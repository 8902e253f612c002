// A task's RecordCollector: buffers what the task produces and sends it on `flush`, which resolves only
// once the broker acknowledged everything (the first half of a commit). One collector per task, so that under
// exactly-once each task writes through its own transactional producer.
import type { OutgoingRecord, RecordProducer } from '../client/types.js';
import type { ProducedRecord, RecordCollector } from '../engine/contracts.js';
import type { ProductionExceptionHandler } from '../../errors/handlers.js';
import { StreamsFatalError } from '../../errors/exceptions.js';
import { type ReadonlyTopicPartitionMap, TopicPartitionMap } from '../topic-partition-map.js';
import { decideProductionError, productionContinuedMessage } from '../engine/production-errors.js';
import type { StreamsLogger } from '../../runtime/logger.js';
import type { OutputPartitioner } from './output-partitioner.js';

/** What a collector sends with: the shared producer (at-least-once) or the task's transaction (exactly-once). */
export type RecordSender = Pick<RecordProducer, 'send'>;

export class TaskRecordCollector implements RecordCollector {
  private pending: ProducedRecord[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  /** Offset after the last acknowledged record, per partition this task wrote. */
  private readonly written = new TopicPartitionMap<bigint>();

  constructor(
    private readonly taskId: string,
    private readonly producer: RecordSender,
    private readonly partitioner: OutputPartitioner,
    private readonly productionHandler: ProductionExceptionHandler,
    private readonly logger: StreamsLogger,
  ) {}

  send(record: ProducedRecord): void {
    this.pending.push(record);
  }

  partitionsFor(topic: string): number {
    const count = this.partitioner.partitionCount(topic);
    if (count === undefined) throw new Error(`Partition count of topic ${topic} is not known to task ${this.taskId}`);
    return count;
  }

  /** Per partition, the offset after the last record the broker acknowledged (changelog checkpoints). */
  writtenOffsets(): ReadonlyTopicPartitionMap<bigint> {
    return this.written;
  }

  pendingCount(): number {
    return this.pending.length;
  }

  /** Drops what was not sent yet (the task's input will be reprocessed by the partitions' next owner). */
  discard(): void {
    this.pending = [];
  }

  /** Sends what is pending and waits for it and every earlier send still in flight. */
  async flush(): Promise<void> {
    if (this.pending.length > 0) {
      const sending = this.sendPending();
      this.inFlight.add(sending);
      sending.then(
        () => this.inFlight.delete(sending),
        () => this.inFlight.delete(sending),
      );
    }
    await Promise.all([...this.inFlight]);
  }

  private async sendPending(): Promise<void> {
    const records = this.pending;
    this.pending = [];
    await this.partitioner.learn(records.filter((r) => r.partition === undefined).map((r) => r.topic));
    const outgoing: OutgoingRecord[] = records.map((record) => ({
      topic: record.topic,
      partition: record.partition ?? this.partitioner.partition(record.topic, record.key)!,
      key: record.key,
      value: record.value,
      timestamp: record.timestamp,
      headers: record.headers,
    }));
    try {
      for (const { topic, partition, offset } of await this.producer.send(outgoing)) {
        const key = { topic, partition };
        if ((this.written.get(key) ?? -1n) < offset) this.written.set(key, offset);
      }
    } catch (error) {
      const cause = error instanceof Error ? error : new Error(String(error));
      const first = records[0]!;
      if (decideProductionError(this.productionHandler, { taskId: this.taskId }, first, cause) === 'fail') {
        throw new StreamsFatalError(
          `Task ${this.taskId} failed to produce ${records.length} record(s) to ${first.topic}: ${cause.message}`,
          {
            cause,
          },
        );
      }
      this.logger.warn(productionContinuedMessage('send'), {
        taskId: this.taskId,
        records: records.length,
        topic: first.topic,
        error: cause.message,
      });
    }
  }
}
