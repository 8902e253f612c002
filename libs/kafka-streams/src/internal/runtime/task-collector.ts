// A task's RecordCollector: buffers what the task produces, hands it to the producer after each batch without
// waiting (`sendPending`), and on `flush` waits until the broker acknowledged everything (the first half of a
// commit). One collector per task, so that under
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
  /** The last send handed to the producer; each send starts once the previous one is acknowledged. */
  private sending: Promise<void> = Promise.resolve();
  private unacknowledged = 0;
  /** Why a send failed (and the production handler said fail): every later send or flush throws it. */
  private failure: Error | undefined;
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

  /** Records handed to the producer whose acknowledgement has not come yet. */
  unacknowledgedCount(): number {
    return this.unacknowledged;
  }

  /**
   * Hands what is pending to the producer after everything sent before it (so each partition's records stay in
   * order) and returns without waiting for the broker: processing goes on while the records travel, and only a
   * commit waits (`flush`). Throws the failure of an earlier send the production handler did not let pass.
   */
  sendPending(): void {
    if (this.failure) throw this.failure;
    if (this.pending.length === 0) return;
    const records = this.pending;
    this.pending = [];
    this.unacknowledged += records.length;
    this.sending = this.sending
      .then(() => this.sendRecords(records))
      .catch((error: unknown) => {
        this.failure ??= error instanceof Error ? error : new Error(String(error));
      })
      .finally(() => {
        this.unacknowledged -= records.length;
      });
  }

  /** Sends what is pending and waits until the broker acknowledged it and everything sent before. */
  async flush(): Promise<void> {
    this.sendPending();
    await this.sending;
    if (this.failure) throw this.failure;
  }

  private async sendRecords(records: ReadonlyArray<ProducedRecord>): Promise<void> {
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
