// The raw kafkajs loop (see ./counter.ts): eachBatch (one partition's fetch) → split → count → sends (acks all)
// → commit the batch's offsets. At-least-once; "BENCH READY" once the consumer joined its group.
import kafkajs from 'kafkajs';
import { contenderApp, longBytes, sendSlices, WordCounter } from './counter.ts';

const app = contenderApp();
const kafka = new kafkajs.Kafka({
  clientId: app.applicationId,
  brokers: app.bootstrapServers.split(','),
  logLevel: kafkajs.logLevel.ERROR,
});
const counter = new WordCounter(app.emit);
const consumer = kafka.consumer({ groupId: app.applicationId, maxBytesPerPartition: 1024 * 1024 });
const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
let batches = 0;

consumer.on(consumer.events.GROUP_JOIN, () => process.stdout.write('BENCH READY\n'));
await producer.connect();
await consumer.connect();
await consumer.subscribe({ topics: [app.inputTopic], fromBeginning: true });
await consumer.run({
  autoCommit: false,
  eachBatchAutoResolve: false,
  eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
    if (batch.messages.length === 0) return;
    const updates = counter.batch(batch.messages.map((message) => message.value?.toString('utf8')));
    for (const slice of sendSlices(updates)) {
      await producer.send({
        topic: app.outputTopic,
        acks: -1,
        messages: slice.map(([word, count]) => ({ key: word, value: longBytes(count) })),
      });
    }
    const last = batch.messages[batch.messages.length - 1]!.offset;
    resolveOffset(last);
    await consumer.commitOffsets([
      { topic: batch.topic, partition: batch.partition, offset: String(BigInt(last) + 1n) },
    ]);
    batches++;
    await heartbeat();
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
