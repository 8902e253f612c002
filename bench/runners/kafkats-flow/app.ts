// The @kafkats/flow contender of `npm run bench -- compare`: WordCountDemo in its DSL. Its groupBy only re-keys
// (a selectKey, no repartition topic), and its `through` produces and then forwards in the same process, so the
// words are written to `<applicationId>-words-repartition` (the harness creates it) and read back by a second
// stream, which counts: the sink and source Kafka Streams' groupBy puts in the topology.
// Settings: JSON in BENCH_CONTENDER; "BENCH READY" on RUNNING, "BENCH CLOSED {...}" after close on SIGTERM.
import { KafkaClient, codec, createLogger } from '@kafkats/client';
import { flow } from '@kafkats/flow';
import type { ContenderApp } from '../../compare/contender.ts';

const app = JSON.parse(process.env.BENCH_CONTENDER ?? 'null') as ContenderApp | null;
if (!app) throw new Error('BENCH_CONTENDER is not set: this app is started by bench/compare');

const long = {
  encode(count: number): Buffer {
    const bytes = Buffer.allocUnsafe(8);
    bytes.writeBigInt64BE(BigInt(count));
    return bytes;
  },
  decode: (bytes: Buffer): number => Number(bytes.readBigInt64BE()),
};

// Warnings and errors (to stderr, where the harness keeps the tail to explain a failure).
const client = new KafkaClient({
  brokers: app.bootstrapServers.split(','),
  clientId: app.applicationId,
  logger: createLogger('warn'),
});
const streams = flow({
  applicationId: app.applicationId,
  client,
  processingGuarantee: app.guarantee,
  ...(app.commitIntervalMs === undefined ? {} : { commitIntervalMs: app.commitIntervalMs }),
  stateDir: app.stateDir,
});

const repartition = `${app.applicationId}-words-repartition`;
streams
  .stream(app.inputTopic, { key: codec.string(), value: codec.string(), offsetReset: 'earliest' })
  .flatMapValues((sentence) =>
    (sentence ?? '')
      .toLowerCase()
      .split(/\W+/)
      .filter((word) => word.length > 0),
  )
  .selectKey((word) => word ?? '')
  .to(repartition, { key: codec.string(), value: codec.string() });
streams
  .stream(repartition, { key: codec.string(), value: codec.string(), offsetReset: 'earliest' })
  .groupByKey({ key: codec.string(), value: codec.string() })
  .count({ storeName: 'counts', value: long })
  .toStream()
  .to(app.outputTopic, { key: codec.string(), value: long });

let closing = false;
process.on('SIGTERM', () => {
  if (closing) return;
  closing = true;
  void streams.close().then(
    () => {
      process.stdout.write(`BENCH CLOSED ${JSON.stringify({ clean: true, facts: {} })}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`ERROR close: ${String(error)}\n`);
      process.exit(1);
    },
  );
});

await streams.start();
const waitRunning = setInterval(() => {
  if (streams.state() === 'RUNNING') {
    clearInterval(waitRunning);
    process.stdout.write('BENCH READY\n');
  } else if (streams.state() === 'ERROR') {
    clearInterval(waitRunning);
    process.stdout.write('BENCH ERROR\n');
  }
}, 10);
