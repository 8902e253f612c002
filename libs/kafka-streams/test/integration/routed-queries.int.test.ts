// Routed interactive queries on a real broker: two instances of a word-counting app (one process), each
// with its own applicationServer and a node:http endpoint in front of a KeyQueryRouter. Any key asked at
// either instance gets the right count; when one instance leaves, the other takes its tasks over and
// answers stay right (503 while the tasks move, never a wrong count).
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Admin } from 'kafkajs';
import { Consumed, Grouped, Materialized, Serdes, StreamsBuilder } from '../../src/index.js';
import type { KafkaStreams } from '../../src/runtime/kafka-streams.js';
import { KeyQueryRouter, SERVED_BY_HEADER } from '../../src/routing/key-query-router.js';
import { toHttpReply, writeHttpReply } from '../../src/routing/http-reply.js';
import { createTopics, kafka, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { produce, StreamsHarness } from './support/streams-harness.js';
import { TempDirs } from './support/temp-dirs.js';
import { randomSentences, referenceCounts } from './support/sentences.js';

jest.setTimeout(180_000);

const STORE = 'word-counts';
const VOCABULARY = Array.from({ length: 60 }, (_, i) => `word${i}`);
const UNSEEN = ['never-seen', 'absent-word'];

function countingTopology(input: string) {
  const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };
  const builder = new StreamsBuilder();
  builder
    .stream(input, Consumed.with(strings))
    .flatMapValues((sentence) => sentence.split(' '))
    .selectKey((_key, word) => word)
    .groupByKey(Grouped.with({ name: 'words', ...strings }))
    .count(Materialized.as(STORE));
  return builder.build();
}

const sentences = (count: number, seed: number) =>
  randomSentences(count, { seed, vocabulary: VOCABULARY, words: [1, 5] });

interface Answer {
  readonly status: number;
  readonly servedBy: string | null;
  readonly count: number | undefined;
  readonly reason: string | undefined;
}

/** One instance: KafkaStreams plus its query endpoint, GET /counts/<word>. */
class QueryableInstance {
  private constructor(
    readonly streams: KafkaStreams,
    private readonly server: Server,
    readonly address: string,
  ) {}

  static async start(harness: StreamsHarness, input: string, applicationId: string, stateDir: string) {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    const streams = harness.create(countingTopology(input), applicationId, { applicationServer: address, stateDir });
    const router = new KeyQueryRouter({ streams, forwardTimeoutMs: 2_000 });
    server.on('request', (request, response) => {
      const word = decodeURIComponent(request.url!.slice('/counts/'.length));
      void router
        .route({
          storeName: STORE,
          key: word,
          keySerializer: Serdes.String(),
          path: request.url!,
          headers: request.headers,
          answerLocally: () => streams.store<string, number>(STORE).get(word),
        })
        .then(
          (result) =>
            writeHttpReply(
              response,
              toHttpReply(result, (count) =>
                count === undefined
                  ? { status: 404, body: { word, error: 'unknown word' } }
                  : { body: { word, count } },
              ),
            ),
          (error: unknown) => writeHttpReply(response, { status: 500, headers: {}, body: String(error) }),
        );
    });
    await streams.start();
    return new QueryableInstance(streams, server, address);
  }

  async ask(word: string): Promise<Answer> {
    const response = await fetch(`http://${this.address}/counts/${encodeURIComponent(word)}`);
    const body = (await response.json()) as { count?: number; reason?: string };
    return { status: response.status, servedBy: response.headers.get(SERVED_BY_HEADER), ...fields(body) };
  }

  async stop(): Promise<void> {
    await this.streams.close({ timeoutMs: 20_000 });
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const fields = (body: { count?: number; reason?: string }) => ({ count: body.count, reason: body.reason });

/** Every answer must be the reference count, "unknown word" for a word never seen, or a 503. */
function wrongAnswers(word: string, answer: Answer, reference: Record<string, number>): string[] {
  const expected = reference[word];
  if (answer.status === 503) return [];
  if (expected === undefined && answer.status === 404) return [];
  if (answer.status === 200 && answer.count === expected) return [];
  return [`${word}: expected ${expected ?? 'unknown (404)'}, got ${JSON.stringify(answer)}`];
}

describe('interactive queries routed across two instances', () => {
  const client = kafka();
  const harness = new StreamsHarness();
  const stateDirs = new TempDirs('streamkit-routed');
  let admin: Admin;

  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
  });
  afterAll(async () => {
    await harness.closeAll();
    await admin.disconnect();
    stateDirs.removeAll();
  });

  it('answers any key at either instance, and stays right while one instance hands its tasks over', async () => {
    const input = uniqueName('routed-sentences');
    const applicationId = uniqueName('routed-app');
    await createTopics(admin, [{ topic: input, partitions: 4 }]);

    // Both instances join before any input exists, so no task moves while records are counted (a move
    // under at-least-once may count the records after the last commit twice).
    const a = await QueryableInstance.start(harness, input, applicationId, stateDirs.create());
    const b = await QueryableInstance.start(harness, input, applicationId, stateDirs.create());
    await waitFor(
      () =>
        [a, b].every(({ streams }) => streams.state === 'RUNNING' && streams.allMetadataForStore(STORE).length === 2),
      60_000,
      'both instances RUNNING, each knowing both hosts',
    );
    const hosts = a.streams.allMetadata().map((m) => `${m.hostInfo.host}:${m.hostInfo.port}`);
    expect(hosts.sort()).toEqual([a.address, b.address].sort());

    const all = sentences(800, 7);
    const reference = referenceCounts(all);
    await produce(
      client,
      input,
      all.map((value, i) => ({ key: `s${i}`, value })),
    );
    const words = [...Object.keys(reference), ...UNSEEN];

    // Once counted, every word asked at either instance gets its exact count, served by its owner.
    let last: string[] = [];
    await waitFor(
      async () => {
        last = [];
        for (const instance of [a, b]) {
          for (const word of words) {
            const answer = await instance.ask(word);
            const expected = reference[word];
            const right = expected === undefined ? answer.status === 404 : answer.count === expected;
            if (!right) last.push(`${instance.address} ${word}: ${JSON.stringify(answer)}`);
          }
        }
        return last.length === 0;
      },
      60_000,
      'exact counts at both instances',
    ).catch((error: Error) => {
      throw new Error(`${error.message}; still wrong: ${last.slice(0, 5).join('; ')}`);
    });

    const servedBy = new Map<string, string | null>();
    for (const word of words) {
      const [atA, atB] = [await a.ask(word), await b.ask(word)];
      const owner = a.streams.queryMetadataForKey(STORE, word, Serdes.String())!.activeHost;
      expect(atA.servedBy).toBe(`${owner.host}:${owner.port}`);
      expect(atB.servedBy).toBe(atA.servedBy);
      servedBy.set(word, atA.servedBy);
    }
    // Both instances own words, so each answered some queries for the other (forwarded).
    expect(new Set(servedBy.values())).toEqual(new Set([a.address, b.address]));

    // a leaves: its final commit and changelog let b take its tasks over with the same counts.
    const wrong: string[] = [];
    let unavailable = 0;
    let asked = 0;
    let stopped = false;
    const handoverStarted = Date.now();
    const stopping = a.stop().then(() => (stopped = true));
    let takenOver = false;
    while (!takenOver) {
      if (Date.now() - handoverStarted > 90_000) throw new Error(`no takeover after 90 s: ${wrong.join('; ')}`);
      takenOver = stopped;
      for (const word of words) {
        const answer = await b.ask(word);
        asked++;
        if (answer.status === 503) unavailable++;
        wrong.push(...wrongAnswers(word, answer, reference));
        if (answer.status !== (reference[word] === undefined ? 404 : 200) || answer.servedBy !== b.address) {
          takenOver = false;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await stopping;
    const handoverMs = Date.now() - handoverStarted;
    process.stdout.write(
      `routed-queries: handover in ${handoverMs} ms; ${asked} queries at the remaining instance, ${unavailable} answered 503\n`,
    );
    expect(wrong).toEqual([]);
    expect(b.streams.allMetadata().map((m) => m.hostInfo.port)).toEqual([Number(b.address.split(':')[1])]);
    await b.stop();
  });
});
