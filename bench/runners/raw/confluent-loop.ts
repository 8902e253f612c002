// The raw @confluentinc/kafka-javascript loop (see ./counter.ts), through its KafkaJS-compatible API
// (librdkafka underneath): eachBatch → split → count → one send (acks all) → commit the batch's offsets.
// At-least-once; "BENCH READY" on the first assignment. The package is built outside the workspace
// (./confluent-setup.ts): BENCH_CONFLUENT_MODULE is its entry point.
import { createRequire } from 'node:module';
import { contenderApp, longBytes, WordCounter } from './counter.ts';

interface ConfluentMessage {
  readonly value: Buffer | null;
  readonly offset: string;
}
interface ConfluentBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: ConfluentMessage[];
}
interface ConfluentKafkaJs {
  Kafka: new (config: { kafkaJS: Record<string, unknown> }) => {
    consumer(config: { kafkaJS: Record<string, unknown>; [key: string]: unknown }): {
      connect(): Promise<void>;
      subscribe(options: { topics: string[] }): Promise<void>;
      run(options: { eachBatch: (payload: { batch: ConfluentBatch }) => Promise<void> }): Promise<void>;
      commitOffsets(offsets: Array<{ topic: string; partition: number; offset: string }>): Promise<void>;
      disconnect(): Promise<void>;
    };
    producer(config: { kafkaJS: Record<string, unknown> }): {
      connect(): Promise<void>;
      send(record: { topic: string; messages: Array<{ key: string; value: Buffer }> }): Promise<unknown>;
      disconnect(): Promise<void>;
    };
  };
  logLevel: Record<string, number>;
}

const app = contenderApp();
const modulePath = process.env.BENCH_CONFLUENT_MODULE;
if (!modulePath) throw new Error('BENCH_CONFLUENT_MODULE is not set');
const { KafkaJS } = createRequire(import.meta.url)(modulePath) as { KafkaJS: ConfluentKafkaJs };

const kafka = new KafkaJS.Kafka({
  kafkaJS: { clientId: app.applicationId, brokers: app.bootstrapServers.split(','), logLevel: KafkaJS.logLevel.ERROR },
});
const counter = new WordCounter(app.emit);
let ready = false;
const consumer = kafka.consumer({
  kafkaJS: { groupId: app.applicationId, fromBeginning: true, autoCommit: false },
  rebalance_cb: (error: { code: number }, assignment: unknown[]) => {
    // -175: ERR__ASSIGN_PARTITIONS (the assignment arrived).
    if (!ready && error.code === -175 && assignment.length > 0) {
      ready = true;
      process.stdout.write('BENCH READY\n');
    }
  },
});
const producer = kafka.producer({ kafkaJS: { idempotent: true, acks: -1 } });
let batches = 0;

await producer.connect();
await consumer.connect();
await consumer.subscribe({ topics: [app.inputTopic] });
await consumer.run({
  eachBatch: async ({ batch }) => {
    if (batch.messages.length === 0) return;
    if (!ready) {
      ready = true; // no rebalance callback seen: the first batch is the latest the loop can say it runs
      process.stdout.write('BENCH READY\n');
    }
    const updates = counter.batch(batch.messages.map((message) => message.value?.toString('utf8')));
    if (updates.length > 0) {
      await producer.send({
        topic: app.outputTopic,
        messages: updates.map(([word, count]) => ({ key: word, value: longBytes(count) })),
      });
    }
    const last = batch.messages[batch.messages.length - 1]!.offset;
    await consumer.commitOffsets([
      { topic: batch.topic, partition: batch.partition, offset: String(BigInt(last) + 1n) },
    ]);
    batches++;
  },
});

let closing = false;
process.on('SIGTERM', () => {
  if (closing) return;
  closing = true;
  void (async () => {
    await consumer.disconnect();
    await producer.disconnect();
    process.stdout.write(`BENCH CLOSED ${JSON.stringify({ clean: true, facts: { batches: String(batches) } })}\n`);
    process.exit(0);
  })();
});
