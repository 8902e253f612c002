// End-to-end latency of the whole system: from `POST /sentences` at the producer to the count visible at
// query-api, at a fixed rate. Every sentence carries a probe word of its own (`probe_<n>`, counted once), so its
// latency is the time from the POST that carried it to the first `counts` event of query-api's /updates naming it.
import { setTimeout as sleep } from 'node:timers/promises';
import type kafkajs from 'kafkajs';
import { sentenceGenerator } from '../../tools/start/sentence-generator.ts';
import { percentiles } from '../stats.ts';
import { startSystem } from './service-system.ts';

export type Guarantee = 'at_least_once' | 'exactly_once';

export interface LatencyOptions {
  readonly root: string;
  readonly client: kafkajs.Kafka;
  readonly bootstrapServers: string;
  readonly guarantee: Guarantee;
  readonly commitIntervalMs: number;
  /** Sentences per second. */
  readonly rate: number;
  readonly seconds: number;
  /** Also time each probe's arrival on the topics between the services (three more consumers on the machine). */
  readonly hops: boolean;
  readonly log: (line: string) => void;
}

/** Where the time goes: p50/p99 from the POST to the probe's arrival on each topic (read_committed). */
export interface HopLatency {
  readonly topic: 'sentences' | 'words-repartition' | 'word-counts';
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface LatencyResult {
  readonly guarantee: Guarantee;
  readonly commitIntervalMs: number;
  readonly rate: number;
  /** Sentences accepted per second over the measurement, as achieved. */
  readonly achievedRate: number;
  readonly seconds: number;
  readonly sent: number;
  /** Probes whose count query-api showed before the end. */
  readonly seen: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** query-api's UPDATES_INTERVAL_MS: its /updates coalesce changes for this long, part of what is measured. */
  readonly updatesIntervalMs: number;
  readonly hops?: ReadonlyArray<HopLatency>;
}

const TICK_MS = 10;
const WARM_UP_TIMEOUT_MS = 120_000;
const SETTLE_TIMEOUT_MS = 60_000;
const UPDATES_INTERVAL_MS = 10;
const PROBE = 'probe_';

export async function measureLatency(options: LatencyOptions): Promise<LatencyResult> {
  const { log } = options;
  const system = await startSystem({
    root: options.root,
    client: options.client,
    bootstrapServers: options.bootstrapServers,
    log,
    env: {
      'word-count-1': {
        PROCESSING_GUARANTEE: options.guarantee,
        COMMIT_INTERVAL_MS: String(options.commitIntervalMs),
      },
      'query-api': { UPDATES_INTERVAL_MS: String(UPDATES_INTERVAL_MS) },
    },
  });
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  const updates = new AbortController();
  const hopWatchers: HopWatcher[] = [];
  try {
    if (options.hops) {
      for (const topic of HOP_TOPICS) {
        hopWatchers.push(
          await watchHop(options.client, `${system.topicPrefix}${HOP_TOPIC_NAMES[topic]}`, topic, sentAt),
        );
      }
    }
    const watching = watchProbes(`${system.queryApiUrl}/updates`, updates.signal, (probe, at) => {
      const start = sentAt.get(probe);
      if (start === undefined) return;
      sentAt.delete(probe);
      latencies.push(at - start);
    });
    watching.catch(() => undefined);
    const next = sentenceGenerator({ seed: 7 });
    let probe = 0;
    const sentence = () => {
      probe += 1;
      return { id: probe, text: `${next()} ${PROBE}${probe}` };
    };

    // Warm-up: one sentence at a time until one is counted (the groups have formed, the stores are open).
    const warmUpDeadline = Date.now() + WARM_UP_TIMEOUT_MS;
    while (latencies.length === 0) {
      if (Date.now() > warmUpDeadline) throw new Error('no count reached query-api during the warm-up');
      const s = sentence();
      sentAt.set(s.id, performance.now());
      await post(`${system.producerUrl}/sentences`, [s.text]);
      await sleep(200);
    }
    await sleep(1_000);
    sentAt.clear();
    latencies.length = 0;
    for (const watcher of hopWatchers) watcher.latencies.length = 0;

    log(`  ${options.rate} sentences/s for ${options.seconds} s`);
    const started = performance.now();
    let sent = 0;
    while (performance.now() - started < options.seconds * 1_000) {
      const due = Math.floor((options.rate * (performance.now() - started)) / 1_000) - sent;
      if (due > 0) {
        const batch = Array.from({ length: due }, sentence);
        const at = performance.now();
        for (const s of batch) sentAt.set(s.id, at);
        sent += await post(
          `${system.producerUrl}/sentences`,
          batch.map((s) => s.text),
        );
      }
      await sleep(TICK_MS);
    }
    const elapsedSeconds = (performance.now() - started) / 1_000;
    const settleDeadline = Date.now() + SETTLE_TIMEOUT_MS;
    while (sentAt.size > 0 && Date.now() < settleDeadline) await sleep(100);
    const figures = percentiles(latencies);
    if (!figures) throw new Error('no probe was counted');
    return {
      guarantee: options.guarantee,
      commitIntervalMs: options.commitIntervalMs,
      rate: options.rate,
      achievedRate: sent / elapsedSeconds,
      seconds: options.seconds,
      sent,
      seen: latencies.length,
      p50Ms: figures.p50,
      p95Ms: figures.p95,
      p99Ms: figures.p99,
      maxMs: figures.max,
      updatesIntervalMs: UPDATES_INTERVAL_MS,
      ...(options.hops ? { hops: hopWatchers.map(hopLatency) } : {}),
    };
  } finally {
    updates.abort();
    await Promise.all(hopWatchers.map((watcher) => watcher.stop()));
    await system.stop();
  }
}

const HOP_TOPICS = ['sentences', 'words-repartition', 'word-counts'] as const;
/** Their names in strimzi/base/topics, before the run's prefix. */
const HOP_TOPIC_NAMES: Record<HopLatency['topic'], string> = {
  sentences: 'sentences',
  'words-repartition': 'word-count-words-repartition',
  'word-counts': 'word-counts',
};

interface HopWatcher {
  readonly topic: HopLatency['topic'];
  readonly latencies: number[];
  stop(): Promise<void>;
}

/**
 * Times every probe's first arrival on `topicName` against `sentAt` (which the POSTs fill; the query-api watcher
 * deletes a probe once it is seen, so a hop only sees probes on their way). Reads only committed records.
 */
async function watchHop(
  client: kafkajs.Kafka,
  topicName: string,
  topic: HopLatency['topic'],
  sentAt: ReadonlyMap<number, number>,
): Promise<HopWatcher> {
  const latencies: number[] = [];
  const seen = new Set<number>();
  const consumer = client.consumer({ groupId: `${topicName}-latency-${Date.now()}`, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topic: topicName, fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const at = performance.now();
      const text = `${message.key?.toString('utf8') ?? ''} ${message.value?.toString('utf8') ?? ''}`;
      for (const match of text.matchAll(PROBE_WORDS)) {
        const probe = Number(match[1]);
        const start = sentAt.get(probe);
        if (start === undefined || seen.has(probe)) continue;
        seen.add(probe);
        latencies.push(at - start);
      }
    },
  });
  return { topic, latencies, stop: () => consumer.disconnect() };
}

const PROBE_WORDS = new RegExp(`${PROBE}(\\d+)`, 'g');

function hopLatency({ topic, latencies }: HopWatcher): HopLatency {
  const figures = percentiles(latencies);
  return { topic, p50Ms: figures?.p50 ?? Number.NaN, p99Ms: figures?.p99 ?? Number.NaN };
}

/** Posts the texts as one request; resolves to how many the producer accepted (202), else throws. */
async function post(url: string, texts: string[]): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(texts.map((text) => ({ text }))),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json().catch(() => ({}))) as { accepted?: number };
  if (response.status !== 202) throw new Error(`the producer answered ${response.status}: ${JSON.stringify(body)}`);
  return body.accepted ?? texts.length;
}

/** Reads query-api's Server-Sent Events and reports, with the time it arrived, every probe word they name. */
async function watchProbes(
  url: string,
  signal: AbortSignal,
  onProbe: (probe: number, at: number) => void,
): Promise<void> {
  const response = await fetch(url, { headers: { accept: 'text/event-stream' }, signal });
  if (!response.ok || !response.body) throw new Error(`${url} answered ${response.status}`);
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of response.body) {
    const at = performance.now();
    pending += decoder.decode(chunk as Uint8Array, { stream: true });
    let end: number;
    while ((end = pending.indexOf('\n\n')) >= 0) {
      const event = pending.slice(0, end);
      pending = pending.slice(end + 2);
      for (const line of event.split('\n')) {
        if (!line.startsWith('data:')) continue;
        const { words } = JSON.parse(line.slice(5)) as { words?: ReadonlyArray<{ word: string }> };
        for (const { word } of words ?? []) {
          if (word.startsWith(PROBE)) onProbe(Number(word.slice(PROBE.length)), at);
        }
      }
    }
  }
}
