// Reads every partition of global store topics from given offsets on, without end (Java's global consumer).
// kafkajs has no manual assign(), so the consumer joins a group of its own whose assigner hands it exactly
// these partitions (see exact-assigner.ts). It remembers how far it read, so when kafkajs rejoins the group
// (a missed heartbeat, a restart after a crash: see crash-restart.ts) it continues there instead of starting over.
import type { Consumer, ConsumerRunConfig, Kafka } from 'kafkajs';
import type { GlobalConsumer, PositionedBatch, TopicPartitionOffset } from '../types.js';
import { exactAssigner } from './exact-assigner.js';
import { consumedRecords } from './records.js';
import { type CrashSupervisor, superviseCrashes } from './crash-restart.js';

const key = (topic: string, partition: number) => `${topic}:${partition}`;

export class KafkajsGlobalConsumer implements GlobalConsumer {
  private consumer: Consumer | undefined;
  private supervisor: CrashSupervisor | undefined;
  private readonly positions = new Map<string, TopicPartitionOffset>();
  /** Batches are handled one after the other, including those kafkajs reports only as events. */
  private handling: Promise<void> = Promise.resolve();

  constructor(
    private readonly kafka: Kafka,
    private readonly options: { readonly groupId: string; readonly maxWaitTimeMs?: number },
  ) {}

  async start(
    positions: ReadonlyArray<TopicPartitionOffset>,
    onBatch: (batch: PositionedBatch) => Promise<void>,
    onError: (error: Error) => void,
  ): Promise<void> {
    if (this.consumer) throw new Error('this global consumer was already started');
    for (const position of positions) this.positions.set(key(position.topic, position.partition), position);
    const consumer = (this.consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      allowAutoTopicCreation: false,
      partitionAssigners: [exactAssigner(positions)],
      maxWaitTimeInMs: this.options.maxWaitTimeMs ?? 500,
      sessionTimeout: 30_000,
    }));
    const handle = (batch: PositionedBatch): Promise<void> => {
      this.handling = this.handling.then(async () => {
        // kafkajs hands a batch again when something failed after it was handled (e.g. the heartbeat that
        // follows it, during a rebalance): only what lies beyond the position is new.
        const position = this.positions.get(key(batch.topic, batch.partition))?.offset ?? 0n;
        if (batch.nextOffset <= position) return;
        const records = batch.records.filter((record) => record.offset >= position);
        try {
          await onBatch(records.length === batch.records.length ? batch : { ...batch, records });
          const { topic, partition, nextOffset } = batch;
          this.positions.set(key(topic, partition), { topic, partition, offset: nextOffset });
        } catch (error) {
          onError(error instanceof Error ? error : new Error(String(error)));
        }
      });
      return this.handling;
    };
    const { GROUP_JOIN, END_BATCH_PROCESS } = consumer.events;
    consumer.on(GROUP_JOIN, () => {
      for (const { topic, partition, offset } of this.positions.values()) {
        consumer.seek({ topic, partition, offset: offset.toString() });
      }
    });
    // A fetch that returned only transaction markers or aborted records never reaches eachBatch, but it
    // moves the position: report it, or a global store would never see that it reached the end.
    consumer.on(END_BATCH_PROCESS, ({ payload }) => {
      if (payload.batchSize > 0) return;
      void handle({
        topic: payload.topic,
        partition: payload.partition,
        records: [],
        nextOffset: BigInt(payload.lastOffset) + 1n,
        highWatermark: BigInt(payload.highWatermark),
      });
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [...new Set(positions.map((p) => p.topic))], fromBeginning: true });
    const runConfig: ConsumerRunConfig = {
      autoCommit: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: async ({ batch, heartbeat, isRunning, isStale }) => {
        if (!isRunning() || isStale()) return;
        await handle({
          topic: batch.topic,
          partition: batch.partition,
          records: consumedRecords(batch),
          // lastOffset() also covers records compaction removed at the end of the batch.
          nextOffset: BigInt(batch.lastOffset()) + 1n,
          highWatermark: BigInt(batch.highWatermark),
        });
        await heartbeat();
      },
    };
    this.supervisor = superviseCrashes(consumer, runConfig, onError);
    await consumer.run(runConfig);
  }

  async stop(): Promise<void> {
    this.supervisor?.stop();
    await this.consumer?.disconnect();
    await this.handling;
  }
}
