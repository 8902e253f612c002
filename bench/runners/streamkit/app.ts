// The benchmark's word count on @streamkit/kafka-streams, run as a child process by ./runner.ts (Node runs this
// file directly: erasable TypeScript only). Its settings come as JSON in BENCH_APP (a WordCountApp). It reports
// on stdout, one JSON object per line: every state change, and once closed its commit latency and transaction
// counts from `streams.metrics()`. SIGTERM closes it cleanly.
import { sentencesTopic, windowedWordCountsTopic, wordCountsTopic } from '@streamkit/contracts';
import { KafkaStreams, type StreamsLogger } from '@streamkit/kafka-streams';
import { wordCountTopology } from '@streamkit/word-count/topology';
import type { WordCountApp } from '../runner.ts';

const app = JSON.parse(process.env.BENCH_APP ?? 'null') as WordCountApp | null;
if (!app) throw new Error('BENCH_APP is not set: this app is started by bench/runners/streamkit/runner.ts');

const report = (event: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify(event)}\n`);

/** Warnings and errors only, on stderr: the runner keeps the tail to explain a failed run. */
const logger: StreamsLogger = {
  debug() {},
  info() {},
  warn: (message, fields) => process.stderr.write(`WARN ${message} ${JSON.stringify(fields ?? {})}\n`),
  error: (message, fields) => process.stderr.write(`ERROR ${message} ${JSON.stringify(fields ?? {})}\n`),
};

const streams = new KafkaStreams(
  wordCountTopology({
    topics: {
      sentences: sentencesTopic(app.inputTopic),
      wordCounts: wordCountsTopic(app.outputTopic),
      windowedWordCounts: windowedWordCountsTopic(app.windowSizeMs, app.windowedOutputTopic),
    },
    windowSizeMs: app.windowSizeMs,
    graceMs: app.graceMs,
  }),
  {
    applicationId: app.applicationId,
    bootstrapServers: app.bootstrapServers,
    processingGuarantee: app.processingGuarantee,
    commitIntervalMs: app.commitIntervalMs,
    stateDir: app.stateDir,
    cacheMaxBytes: 0, // every update to the output, as the verifier expects (npm run bench -- cache measures the cache)
    logger,
  },
);
streams.onStateChange((state) => report({ event: 'state', state }));

let closing = false;
process.on('SIGTERM', () => {
  if (closing) return;
  closing = true;
  void streams.close({ timeoutMs: 30_000 }).then((clean) => {
    const { commitLatency, transactions } = streams.metrics();
    report({ event: 'closed', clean, commitLatency, transactions });
    process.exit(clean ? 0 : 1);
  });
});

await streams.start();
