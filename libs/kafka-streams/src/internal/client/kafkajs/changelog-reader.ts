// Reads changelog partitions between two offsets. kafkajs has no manual assign() (tulios/kafkajs#373), so
// the reader joins a group of its own whose assigner hands it exactly the partitions it wants (see
// exact-assigner.ts), then seeks each one to its start offset when the assignment arrives.
import type { Consumer, ConsumerRunConfig, Kafka } from 'kafkajs';
import type { ChangelogRange, ChangelogReader, FetchedBatch } from '../types.js';
import { exactAssigner } from './exact-assigner.js';
import { consumedRecords } from './records.js';
import { type CrashSupervisor, superviseCrashes } from './crash-restart.js';

const key = (topic: string, partition: number) => `${topic}:${partition}`;

/** The most a restore fetch brings back (kafkajs' default is 1 MiB per partition, 10 MiB per fetch). */
const RESTORE_FETCH_BYTES = 64 * 1024;

export class KafkajsChangelogReader implements ChangelogReader {
  private consumer: Consumer | undefined;
  private supervisor: CrashSupervisor | undefined;
  private finish: (() => void) | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly groupId: string,
  ) {}

  async read(ranges: ReadonlyArray<ChangelogRange>, onBatch: (batch: FetchedBatch) => Promise<void>): Promise<void> {
    const remaining = new Map(
      ranges.filter((r) => r.startOffset < r.endOffset).map((r) => [key(r.topic, r.partition), r]),
    );
    if (remaining.size === 0) return;
    const consumer = (this.consumer = this.kafka.consumer({
      groupId: this.groupId,
      allowAutoTopicCreation: false,
      // read_committed: changes of aborted (exactly-once) transactions are never restored into a store.
      readUncommitted: false,
      partitionAssigners: [exactAssigner([...remaining.values()])],
      maxWaitTimeInMs: 100,
      // kafkajs decodes a whole fetch response in one go, blocking the event loop meanwhile: small fetches keep
      // each such block short (a record batch larger than this still comes whole).
      maxBytesPerPartition: RESTORE_FETCH_BYTES,
      maxBytes: RESTORE_FETCH_BYTES,
      // Restore batches can be large; the default session timeout covers slow handlers.
      sessionTimeout: 30_000,
    }));
    const done = new Promise<void>((resolve) => (this.finish = resolve));
    let failure: Error | undefined;
    // Where each partition continues: a rejoin (kafkajs rejoins on its own) must not start over.
    const positions = new Map([...remaining].map(([k, range]) => [k, range.startOffset]));
    /** Reading reached `nextOffset`; a partition read up to its end offset is done. */
    const advance = (topic: string, partition: number, nextOffset: bigint) => {
      const partitionKey = key(topic, partition);
      const range = remaining.get(partitionKey);
      if (range === undefined) return;
      if (nextOffset > positions.get(partitionKey)!) positions.set(partitionKey, nextOffset);
      if (nextOffset >= range.endOffset) {
        remaining.delete(partitionKey);
        consumer.pause([{ topic, partitions: [partition] }]);
        if (remaining.size === 0) this.finish?.();
      }
    };
    consumer.on(consumer.events.GROUP_JOIN, () => {
      for (const range of remaining.values()) {
        const offset = positions.get(key(range.topic, range.partition))!;
        consumer.seek({ topic: range.topic, partition: range.partition, offset: offset.toString() });
      }
    });
    // A fetch that returned only transaction markers or aborted records never reaches eachBatch but moves the
    // position: a changelog written by exactly-once transactions ends with a marker.
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      if (payload.batchSize === 0) advance(payload.topic, payload.partition, BigInt(payload.lastOffset) + 1n);
    });
    const runConfig: ConsumerRunConfig = {
      autoCommit: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: async ({ batch, heartbeat }) => {
        const partitionKey = key(batch.topic, batch.partition);
        const range = remaining.get(partitionKey);
        if (range === undefined) return;
        // A batch handed again (after a failed heartbeat, or fetched before a rejoin's seek) is skipped.
        const position = positions.get(partitionKey)!;
        const records = consumedRecords(batch, range.endOffset).filter((r) => r.offset >= position);
        if (records.length > 0) await onBatch({ topic: batch.topic, partition: batch.partition, records });
        // lastOffset() covers records removed by compaction (and markers) at the end of the fetched batch too.
        const nextOffset = BigInt(batch.lastOffset()) + 1n;
        positions.set(partitionKey, nextOffset);
        await heartbeat();
        advance(batch.topic, batch.partition, nextOffset);
      },
    };
    this.supervisor = superviseCrashes(consumer, runConfig, (error) => {
      failure = error;
      this.finish?.();
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [...new Set(ranges.map((r) => r.topic))], fromBeginning: true });
      await consumer.run(runConfig);
      await done;
    } finally {
      await this.stop();
    }
    if (failure) throw failure;
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    this.supervisor?.stop();
    this.finish?.();
    await consumer?.disconnect();
  }
}
