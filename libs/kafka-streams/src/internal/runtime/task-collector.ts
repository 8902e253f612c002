// A task's RecordCollector: buffers what the task produces and, on `flush`, hands it to the producer (each send
// starts once the previous one is acknowledged, so every partition keeps its order) and waits until the broker
// acknowledged everything (the stream thread flushes after each batch, and a commit before committing). One
// collector per task, so that under exactly-once each task writes through its own transactional producer.
//
// Records the broker refuses: output records (sinks, dead letters) go to the production exception handler, record
// by record, and are dropped only if it answers 'continue' for every one of them. Changelog records are never
// dropped: a store whose update its changelog lacks would come back different after a restore, so a failed changelog
// write fails the task whatever the handler says. The two
// kinds are sent separately, so a failure is known to concern one kind only.
import {
  type OutgoingRecord,
  type RecordProducer,
  RecordsRefusedError,
  type TopicPartitionOffset,
} from '../client/types.js';
import type { ProducedRecord, RecordCollector } from '../engine/contracts.js';
import type { ProductionExceptionHandler } from '../../errors/handlers.js';
import { StreamsFatalError } from '../../errors/exceptions.js';
import { type ReadonlyTopicPartitionMap, TopicPartitionMap } from '../topic-partition-map.js';
import { decideProductionError, productionContinuedMessage } from '../engine/production-errors.js';
import type { StreamsLogger } from '../../runtime/logger.js';
import type { OutputPartitioner } from './output-partitioner.js';

/** Which of a task's records a send carries: the two are never sent together (see the top of this file). */
export type SendKind = 'changelog' | 'output';

/** What a collector sends with: the shared producer (at-least-once) or the task's transaction (exactly-once). */
export interface RecordSender {
  send(records: ReadonlyArray<OutgoingRecord>, kind: SendKind): ReturnType<RecordProducer['send']>;
  /** Told when records are pending again after a flush, ahead of their send (a transaction prepares for them). */
  willSend?(): void;
}

export class TaskRecordCollector implements RecordCollector {
  private pending: ProducedRecord[] = [];
  private pendingChangelog: ProducedRecord[] = [];
  /** The last send handed to the producer. */
  private sending: Promise<void> = Promise.resolve();
  /** Why a send failed the task: every later `flush` throws it. */
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
    this.announceFirstPending();
    this.pending.push(record);
  }

  /** A store's change for its changelog (never dropped: see the top of this file). */
  sendChangelog(record: ProducedRecord): void {
    this.announceFirstPending();
    this.pendingChangelog.push(record);
  }

  private announceFirstPending(): void {
    if (this.pending.length === 0 && this.pendingChangelog.length === 0) this.producer.willSend?.();
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
    return this.pending.length + this.pendingChangelog.length;
  }

  /** Drops what was not sent yet (the task's input will be reprocessed by the partitions' next owner). */
  discard(): void {
    this.pending = [];
    this.pendingChangelog = [];
  }

  /** Queues what is pending behind everything sent before it. Throws the failure of an earlier send. */
  private sendPending(): void {
    if (this.failure) throw this.failure;
    const changelog = this.pendingChangelog;
    const output = this.pending;
    if (changelog.length === 0 && output.length === 0) return;
    this.pendingChangelog = [];
    this.pending = [];
    this.sending = this.sending
      .then(() => this.sendBoth(changelog, output))
      .catch((error: unknown) => {
        this.failure ??= asError(error);
      });
  }

  /** Sends what is pending and waits until the broker acknowledged it and everything sent before. */
  async flush(): Promise<void> {
    this.sendPending();
    await this.sending;
    if (this.failure) throw this.failure;
  }

  /** Changelog records first, then output records, in separate sends, so a failure names its kind. */
  private async sendBoth(changelog: ProducedRecord[], output: ProducedRecord[]): Promise<void> {
    if (changelog.length > 0) {
      try {
        await this.write(changelog, 'changelog');
      } catch (error) {
        const cause = asError(error);
        throw new StreamsFatalError(
          `Task ${this.taskId} failed to write ${changelog.length} record(s) to its changelog(s) ` +
            `${[...new Set(changelog.map((r) => r.topic))].join(', ')}: ${cause.message}. A store update cannot be ` +
            'dropped (the store and its changelog would diverge), so the production exception handler is not asked',
          { cause },
        );
      }
    }
    if (output.length > 0) {
      try {
        await this.write(output, 'output');
      } catch (error) {
        if (error instanceof RefusedRecords) this.outputFailed(error.records, error.refusal);
        else this.outputFailed(output, asError(error));
      }
    }
  }

  /** Dynamic sink topics met for the first time: no allocation per send once every topic is known. */
  private async learnSinkTopics(records: ReadonlyArray<ProducedRecord>): Promise<void> {
    let unknown: Set<string> | undefined;
    for (const { topic, partition } of records) {
      if (partition === undefined && this.partitioner.partitionCount(topic) === undefined) {
        (unknown ??= new Set()).add(topic);
      }
    }
    if (unknown) await this.partitioner.learn([...unknown]);
  }

  private async write(records: ReadonlyArray<ProducedRecord>, kind: SendKind): Promise<void> {
    await this.learnSinkTopics(records);
    // A record that has its partition already (changelogs, explicit partitions) goes as it is, without a copy.
    const outgoing: OutgoingRecord[] = records.map((record) =>
      record.partition !== undefined
        ? (record as OutgoingRecord)
        : {
            topic: record.topic,
            partition: this.partitioner.partition(record.topic, record.key)!,
            key: record.key,
            value: record.value,
            timestamp: record.timestamp,
            headers: record.headers,
          },
    );
    let written: ReadonlyArray<TopicPartitionOffset>;
    try {
      written = await this.producer.send(outgoing, kind);
    } catch (error) {
      if (!(error instanceof RecordsRefusedError)) throw error;
      this.recordWritten(error.written);
      const refused = new Set(error.refused);
      throw new RefusedRecords(
        records.filter((_, index) => refused.has(outgoing[index]!)),
        error,
      );
    }
    this.recordWritten(written);
  }

  private recordWritten(offsets: ReadonlyArray<TopicPartitionOffset>): void {
    for (const { topic, partition, offset } of offsets) {
      const key = { topic, partition };
      if ((this.written.get(key) ?? -1n) < offset) this.written.set(key, offset);
    }
  }

  /**
   * `records` were not written: the whole send when the client does not tell which records were, else the ones it
   * refused. Each is put to the handler; one 'fail' fails the task, so nothing is dropped without its consent.
   */
  private outputFailed(records: ReadonlyArray<ProducedRecord>, cause: Error): void {
    const context = { taskId: this.taskId };
    const failing = records.find(
      (record) => decideProductionError(this.productionHandler, context, record, cause) === 'fail',
    );
    if (failing) {
      throw new StreamsFatalError(
        `Task ${this.taskId} failed to produce to ${failing.topic} (one of ${records.length} record(s) sent ` +
          `together): ${cause.message}`,
        { cause },
      );
    }
    this.logger.warn(productionContinuedMessage('send'), {
      taskId: this.taskId,
      records: records.length,
      topics: [...new Set(records.map((r) => r.topic))],
      error: cause.message,
    });
  }
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/** The records of a send its client refused (the others were written), for the production handler. */
class RefusedRecords extends Error {
  constructor(
    readonly records: ReadonlyArray<ProducedRecord>,
    readonly refusal: RecordsRefusedError,
  ) {
    super(refusal.message, { cause: refusal });
  }
}
