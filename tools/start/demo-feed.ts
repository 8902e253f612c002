// `npm run demo:feed -- [--rate 20] [--url http://127.0.0.1:8080] [--file lines.txt] [--count N] [--seed S]`:
// posts a steady stream of sentences to the producer (generated, Zipf-like over a vocabulary, or the lines
// of a file, over and over), prints progress every few seconds, stops on Ctrl-C.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { sentenceGenerator } from './sentence-generator.ts';

const USAGE = `Usage: npm run demo:feed -- [options]

  --rate <n>     sentences per second (default 20)
  --url <url>    the producer (default http://127.0.0.1:8080)
  --file <path>  post the non-blank lines of this file, over and over, instead of generated sentences
  --count <n>    stop after this many sentences (default: until Ctrl-C)
  --seed <n>     seed of the generated sentences (default: the time)`;

const TICK_MS = 100;
const PROGRESS_MS = 5_000;
/** Sentences per request at most: well below the producer's MAX_BODY_BYTES for any reasonable line. */
const MAX_BATCH = 500;
const RETRY_DELAY_MS = 1_000;

interface FeedOptions {
  readonly rate: number;
  readonly url: string;
  readonly next: () => string;
  readonly count: number;
}

function parse(argv: string[]): FeedOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      rate: { type: 'string', default: '20' },
      url: { type: 'string', default: 'http://127.0.0.1:8080' },
      file: { type: 'string' },
      count: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const rate = Number(values.rate);
  if (!Number.isFinite(rate) || rate <= 0 || rate > 100_000)
    throw new Error('--rate must be a number from 0 to 100000');
  const count = values.count === undefined ? Number.POSITIVE_INFINITY : Number(values.count);
  if (!(count > 0) || (Number.isFinite(count) && !Number.isInteger(count))) {
    throw new Error('--count must be a positive whole number');
  }
  const seed = values.seed === undefined ? Date.now() : Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error('--seed must be a whole number');
  let url: URL;
  try {
    url = new URL('/sentences', values.url);
  } catch {
    throw new Error(`--url is not a URL: ${values.url}`);
  }
  return { rate, url: url.href, next: values.file ? linesOf(values.file) : sentenceGenerator({ seed }), count };
}

function linesOf(path: string): () => string {
  const lines = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  if (lines.length === 0) throw new Error(`${path} has no non-blank line`);
  let i = 0;
  return () => lines[i++ % lines.length]!;
}

/** Posts `texts` as one JSON array; resolves to what the producer accepted, or throws with the reason. */
async function post(url: string, texts: string[]): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(texts.map((text) => ({ text }))),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json().catch(() => ({}))) as { accepted?: number; message?: unknown };
  if (response.status !== 202) throw new Error(`HTTP ${response.status}: ${JSON.stringify(body.message ?? body)}`);
  return body.accepted ?? texts.length;
}

async function feed(options: FeedOptions): Promise<void> {
  let stopped = false;
  const stop = () => {
    if (stopped) process.exit(130);
    stopped = true;
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const started = Date.now();
  let sent = 0;
  let failed = 0;
  let lastProgress = started;
  let lastError = '';
  process.stdout.write(`[feed] posting ~${options.rate} sentences/s to ${options.url} (Ctrl-C to stop)\n`);
  while (!stopped && sent < options.count) {
    const due = Math.min(options.rate * ((Date.now() - started) / 1000) - sent - failed, MAX_BATCH);
    const size = Math.min(Math.floor(due), options.count - sent);
    if (size >= 1) {
      const batch = Array.from({ length: size }, options.next);
      try {
        sent += await post(options.url, batch);
        lastError = '';
      } catch (error) {
        failed += batch.length;
        const reason =
          (error as Error).cause instanceof Error
            ? ((error as Error).cause as Error).message
            : (error as Error).message;
        if (reason !== lastError) process.stdout.write(`[feed] ${batch.length} sentences not accepted: ${reason}\n`);
        lastError = reason;
        await sleep(RETRY_DELAY_MS);
      }
    }
    if (Date.now() - lastProgress >= PROGRESS_MS) {
      lastProgress = Date.now();
      const seconds = (lastProgress - started) / 1000;
      process.stdout.write(`[feed] ${sent} sent (${(sent / seconds).toFixed(1)}/s), ${failed} not accepted\n`);
    }
    await sleep(TICK_MS);
  }
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(`[feed] done: ${sent} sentences accepted in ${seconds.toFixed(1)} s, ${failed} not accepted\n`);
}

let options: FeedOptions | undefined;
try {
  options = parse(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`[feed] ${(error as Error).message}\n\n${USAGE}\n`);
  process.exitCode = 2;
}
if (options) await feed(options);
