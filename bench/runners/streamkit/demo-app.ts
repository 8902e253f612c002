// The comparison's contender for @streamkit/kafka-streams (`npm run bench -- compare`): Apache Kafka's
// WordCountDemo built with the library's DSL (lower-case, split on \W+, group by word through the repartition
// topic "words", count, every update to the output; no windowed count). A child process of the harness; its
// settings come as JSON in BENCH_CONTENDER (a ContenderApp). The line protocol of every contender: "BENCH READY"
// on stdout once it runs, "BENCH CLOSED <json facts>" after a clean close on SIGTERM.
import { KafkaStreams, type StreamsLogger } from '@streamkit/kafka-streams';
import type { ContenderApp } from '../../compare/contender.ts';
import { wordCountDemo } from '../../word-count-demo.ts';

const app = JSON.parse(process.env.BENCH_CONTENDER ?? 'null') as ContenderApp | null;
if (!app) throw new Error('BENCH_CONTENDER is not set: this app is started by bench/compare');

const logger: StreamsLogger = {
  debug() {},
  info() {},
  warn: (message, fields) => process.stderr.write(`WARN ${message} ${JSON.stringify(fields ?? {})}\n`),
  error: (message, fields) => process.stderr.write(`ERROR ${message} ${JSON.stringify(fields ?? {})}\n`),
};

const streams = new KafkaStreams(wordCountDemo(app.inputTopic, app.outputTopic), {
  applicationId: app.applicationId,
  bootstrapServers: app.bootstrapServers,
  processingGuarantee: app.guarantee,
  ...(app.client === undefined ? {} : { client: app.client }),
  ...(app.commitIntervalMs === undefined ? {} : { commitIntervalMs: app.commitIntervalMs }),
  stateDir: app.stateDir,
  cacheMaxBytes: 0, // every update to the output, as Java's run with statestore.cache.max.bytes=0
  logger,
});
streams.onStateChange((state) => {
  if (state === 'RUNNING') process.stdout.write('BENCH READY\n');
  if (state === 'ERROR') process.stdout.write('BENCH ERROR\n');
});

let closing = false;
process.on('SIGTERM', () => {
  if (closing) return;
  closing = true;
  void streams.close({ timeoutMs: 30_000 }).then((clean) => {
    const { commitLatency, transactions } = streams.metrics();
    const facts: Record<string, string> = {};
    if (commitLatency.count > 0) {
      facts.commits = String(commitLatency.count);
      facts['commit mean'] = `${(commitLatency.sumMs / commitLatency.count).toFixed(1)} ms`;
    }
    if (app.guarantee === 'exactly_once') facts.transactions = String(transactions.committed);
    process.stdout.write(`BENCH CLOSED ${JSON.stringify({ clean, facts })}\n`);
    process.exit(clean ? 0 : 1);
  });
});

await streams.start();
