// The raw @platformatic/kafka loop (see ./counter.ts): the consumer stream's messages gathered until the event loop
// turns (one fetch's worth) → split → count → sends (acks all) → commit each partition's last offset.
// At-least-once; "BENCH READY" once the consumer joined its group.
import { Consumer, Producer, type Message } from '@platformatic/kafka';
import { contenderApp, longBytes, sendSlices, WordCounter } from './counter.ts';

const app = contenderApp();
const brokers = app.bootstrapServers.split(',');
const counter = new WordCounter(app.emit);
const consumer = new Consumer({ groupId: app.applicationId, clientId: app.applicationId, bootstrapBrokers: brokers });
const producer = new Producer({
  clientId: `${app.applicationId}-producer`,
  bootstrapBrokers: brokers,
  idempotent: true,
});
let batches = 0;

consumer.on('consumer:group:join', () => process.stdout.write('BENCH READY\n'));
const stream = await consumer.consume({ topics: [app.inputTopic], mode: 'earliest', autocommit: false });

let pending: Message[] = [];
let scheduled = false;
let closing = false;

async function flush(): Promise<void> {
  const messages = pending;
  pending = [];
  scheduled = false;
  stream.pause();
  const updates = counter.batch(messages.map((message) => message.value?.toString('utf8')));
  for (const slice of sendSlices(updates)) {
    await producer.send({
      acks: -1,
      messages: slice.map(([word, count]) => ({
        topic: app.outputTopic,
        key: Buffer.from(word),
        value: longBytes(count),
      })),
    });
  }
  const lastPerPartition = new Map<string, Message>();
  for (const message of messages) lastPerPartition.set(`${message.topic}/${message.partition}`, message);
  await Promise.all([...lastPerPartition.values()].map((message) => message.commit()));
  batches++;
  if (!closing) stream.resume();
}

let flushing = Promise.resolve();
stream.on('data', (message: Message) => {
  pending.push(message);
  if (scheduled) return;
  scheduled = true;
  setImmediate(() => {
    flushing = flushing.then(flush).catch((error: unknown) => {
      process.stderr.write(`ERROR ${String(error)}\n`);
      process.exit(1);
    });
  });
});

process.on('SIGTERM', () => {
  if (closing) return;
  closing = true;
  void (async () => {
    await flushing;
    await stream.close();
    await consumer.close();
    await producer.close();
    process.stdout.write(`BENCH CLOSED ${JSON.stringify({ clean: true, facts: { batches: String(batches) } })}\n`);
    process.exit(0);
  })();
});
