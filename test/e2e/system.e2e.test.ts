// The system under failure, end to end in containers (Testcontainers): the producer, word-count (exactly-once)
// and query-api, each in its own container built from its Dockerfile, on one network with a Kafka broker
// container. Each scenario posts generated sentences through the producer's HTTP API and checks that query-api's
// counts and word-count's routed /state answers equal, exactly, a reference computed here with wordsOf.
//
// The scenarios share the broker and the network; each has its own topics, application ids and containers.
// A failed scenario prints every container's log. Needs Docker and the images (built when missing or stale by
// tools/docker/build-service-images.sh; E2E_IMAGE_TAG picks the tag, default `local`).
// The soak (scenario 9) is opt-in: SOAK=1 (SOAK_MINUTES, default 10).
// Seeing them fail (runs of #16): E2E_PROCESSING_GUARANTEE=at_least_once runs word-count without its guarantee: the
// crash, broker-restart and partition scenarios then fail on their counts (words counted again after the crash, the
// broker restart or the take-over). E2E_WORD_COUNT_IMAGE runs another word-count image: one built with LogAndContinue
// instead of the dead-letter handlers fails the poison scenario (no dead letters). E2E_PRODUCER_IMAGE runs another
// producer image. One whose failed sends never reset its Kafka producer still PASSES the broker-restart scenario:
// the broker stops between acknowledged sends, so no send is cut off after the broker wrote it (a refused send never
// reached it, or kafkajs, still retrying it, delivered it later under its own sequence numbers) and the kafkajs
// producer never falls out of step. The case the reset is for is libs/nest's resettable-producer unit tests' part.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  E2eSystem,
  eventually,
  residentBytes,
  type ScenarioTopics,
  type ServiceContainer,
  type ServiceName,
} from './support/system.js';
import { slowRequest } from './support/slow-client.js';
import { skippedMarkers } from './support/transaction-report.js';
import {
  postSentences,
  queryApiCounts,
  Reference,
  SentenceGenerator,
  wordCountStateCounts,
} from './support/word-traffic.js';

const SETUP_TIMEOUT_MS = 1_200_000; // the first run may build the three images
const SCENARIO_TIMEOUT_MS = 600_000;
// The soak: 100 sentences every 500 ms (200/s), a word-count instance SIGKILLed (and started again) every
// 2 minutes, every service's RSS sampled every 10 s.
const SOAK_BATCH_SIZE = 100;
const SOAK_BATCH_MS = 500;
const SOAK_KILL_EVERY_MS = 120_000;
const SOAK_SAMPLE_EVERY_MS = 10_000;
const SOAK_RSS_GROWTH_BOUND = 1.5;

describe('the system under failure (Testcontainers)', () => {
  let system: E2eSystem | undefined;

  beforeAll(async () => {
    system = await E2eSystem.start();
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await system?.stop();
  }, 180_000);

  /** Runs a scenario; on failure prints every container's log; removes the scenario's containers at the end. */
  function scenario(
    name: string,
    body: (system: E2eSystem) => Promise<void>,
    { skip, timeoutMs = SCENARIO_TIMEOUT_MS }: { skip?: string; timeoutMs?: number } = {},
  ): void {
    if (skip) process.stdout.write(`[e2e] skipped: ${name}: ${skip}\n`);
    (skip ? it.skip : it)(
      name,
      async () => {
        if (!system) throw new Error('the system did not start (see beforeAll)');
        const started = Date.now();
        try {
          await body(system);
          process.stdout.write(`[e2e] ${name}: ${Math.round((Date.now() - started) / 1000)} s\n`);
        } catch (error) {
          process.stderr.write(
            `\n[e2e] ${name} failed after ${Math.round((Date.now() - started) / 1000)} s: ${String(error)}\n` +
              `the containers' logs:\n${await system.dumpLogs()}\n`,
          );
          throw error;
        } finally {
          await system.removeServices();
        }
      },
      timeoutMs,
    );
  }

  /**
   * Waits until query-api holds exactly the reference, or its answer stops changing for `quietMs` (then the
   * test fails with the difference), and checks word-count's /state answers for every word.
   */
  async function expectExactCounts(
    reference: Reference,
    queryApi: ServiceContainer,
    wordCounts: ReadonlyArray<ServiceContainer>,
    { timeoutMs = 300_000, quietMs = 60_000 } = {},
  ): Promise<void> {
    const expected = reference.lines();
    let last: string[] = [];
    let lastChange = Date.now();
    await eventually(
      'query-api to hold the reference counts',
      () => queryApiCounts(queryApi),
      (lines) => {
        if (lines.join('\n') !== last.join('\n')) {
          last = lines;
          lastChange = Date.now();
        }
        return lines.join('\n') === expected.join('\n') || (lines.length > 0 && Date.now() - lastChange > quietMs);
      },
      timeoutMs,
      1_000,
    ).catch(() => undefined);
    expect(summary(last, expected)).toEqual(summary(expected, expected));
    expect(last).toEqual(expected);
    // Routed /state answers follow the tasks: right after a rebalance the owner may still be restoring a task it just
    // got back (seen once in CI after the network partition), so they get the time the output got to converge.
    let state: string[] = [];
    await eventually(
      "word-count's routed /state to hold the reference counts",
      async () => (state = await wordCountStateCounts(wordCounts, reference.counts.keys())),
      (lines) => lines.join('\n') === expected.join('\n'),
      60_000,
      1_000,
    ).catch(() => undefined);
    expect(state).toEqual(expected);
  }

  scenario('happy path: 50,000+ words through the producer, exact counts in query-api and /state', async (s) => {
    const topics = await s.createScenarioTopics('happy');
    const { producer, wordCounts, queryApi } = await startSystem(s, topics, ['word-count-1', 'word-count-2']);
    const generator = new SentenceGenerator(1);
    const reference = new Reference();
    while (reference.total < 50_000) {
      const batch = generator.sentences(1_000);
      await postSentences(producer, batch);
      reference.add(batch);
    }
    expect(reference.total).toBeGreaterThanOrEqual(50_000);
    await expectExactCounts(reference, queryApi, wordCounts);
  });

  scenario('crash: SIGKILL one of two word-count instances mid-stream, start it again: exact counts', async (s) => {
    const topics = await s.createScenarioTopics('crash');
    const { producer, wordCounts, queryApi } = await startSystem(s, topics, ['word-count-1', 'word-count-2']);
    const wc1 = wordCounts[0]!;
    const generator = new SentenceGenerator(2);
    const reference = new Reference();
    const post = poster(producer, generator, reference, { size: 300, pauseMs: 250 });
    await post(8);
    // Mid-stream: word-count-1 holds tasks with processed, not yet committed input.
    await eventually(
      'word-count-1 to have processed records',
      () => processedBy(wc1),
      (n) => n > 0,
      60_000,
    );
    await wc1.kill();
    await post(6); // word-count-2 takes the tasks over (after SESSION_TIMEOUT_MS)
    await wc1.startAgain();
    await post(6);
    await eventually(
      'word-count-1 to be ready again',
      () => wc1.ready(),
      (ready) => ready,
      120_000,
    );
    await expectExactCounts(reference, queryApi, wordCounts);
  });

  scenario(
    'restart with its state restores only the changelog tail, with a fresh one in full: same answers',
    async (s) => {
      const topics = await s.createScenarioTopics('restore');
      const { producer, wordCounts, queryApi } = await startSystem(s, topics, ['word-count-1']);
      let wc = wordCounts[0]!;
      const generator = new SentenceGenerator(3);
      const reference = new Reference();
      const post = poster(producer, generator, reference, { size: 500 });
      await post(4);
      await expectExactCounts(reference, queryApi, [wc]);
      const changelog = await s.recordsIn(`${topics.wordCountApplicationId}-word-counts-changelog`);
      expect(changelog).toBeGreaterThanOrEqual(reference.counts.size);

      // A clean stop (SIGTERM: commit, checkpoint) and a start with the same state directory: only the tail.
      await wc.stop();
      await post(1);
      await wc.startAgain();
      await eventually(
        'word-count-1 to be ready after its restart',
        () => wc.ready(),
        (ready) => ready,
        120_000,
      );
      const tail = await restoredRecords(wc, 'word-counts');
      expect(tail).toBeLessThan(changelog / 10);
      await expectExactCounts(reference, queryApi, [wc]);

      // A new container (a fresh, empty state directory) with the same name: everything from the changelog.
      const full = await s.recordsIn(`${topics.wordCountApplicationId}-word-counts-changelog`);
      await wc.remove();
      wc = await s.startService('word-count', 'word-count-1', topics);
      const restored = await restoredRecords(wc, 'word-counts');
      expect(restored).toBeGreaterThanOrEqual(reference.counts.size);
      expect(restored).toBeLessThanOrEqual(full);
      process.stdout.write(
        `[e2e] restore: changelog ${full} records; restart with its state restored ${tail}, a fresh one ${restored}\n`,
      );
      await expectExactCounts(reference, queryApi, [wc]);
    },
  );

  scenario('broker restart mid-stream: the services ride through it, readiness drops and recovers', async (s) => {
    const topics = await s.createScenarioTopics('broker');
    const { producer, wordCounts, queryApi } = await startSystem(s, topics, ['word-count-1', 'word-count-2']);
    const generator = new SentenceGenerator(4);
    // Every sentence posted, by the producer's answer: 202 (confirmed: must be on the topic, once) or 503 (not
    // confirmed: may or may not be there). Anything else fails the scenario.
    const confirmed: string[] = [];
    const unconfirmed: string[] = [];
    const refusals = new Set<string>();
    const postBatch = async (size: number): Promise<number> => {
      const batch = generator.sentences(size);
      const response = await producer.fetch('/sentences/bulk', {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: batch.join('\n'),
      });
      const answer = (await response.json()) as { reason?: string; message?: string };
      if (response.status === 202) confirmed.push(...batch);
      else if (response.status === 503 && response.headers.get('retry-after') === '5' && answer.reason) {
        unconfirmed.push(...batch);
        refusals.add(answer.reason);
      } else throw new Error(`POST /sentences/bulk answered ${response.status} ${JSON.stringify(answer)}`);
      return response.status;
    };
    for (let i = 0; i < 6; i++) expect(await postBatch(400)).toBe(202); // still being counted when the broker goes
    await s.stopBroker();
    // The producer's readiness is "Kafka answers" and "its producer is connected": it drops. (word-count and
    // query-api stay ready: their stores still answer, see their READMEs.)
    await eventually(
      'the producer to become unready',
      () => producer.ready(),
      (ready) => !ready,
      60_000,
    );
    expect(await postBatch(50)).toBe(503); // the broker is away: 503 with a reason and Retry-After
    await sleep(5_000);
    // Posts go on while the broker comes back (partitions get their leaders one by one): each one a 202 or a
    // 503, until the producer is ready again.
    let restarted = false;
    const restarting = s.startBroker([topics.sentences, topics.wordCounts]).then(() => (restarted = true));
    while (!restarted || !(await producer.ready())) {
      await postBatch(100);
      await sleep(200);
    }
    await restarting;
    for (let i = 0; i < 6; i++) expect(await postBatch(400)).toBe(202);

    // What the topic holds: every confirmed sentence once, some of the unconfirmed ones at most once each.
    const written = await s.readTopic(topics.sentences, await s.recordsIn(topics.sentences));
    const counted = (texts: Iterable<string>) => {
      const counts = new Map<string, number>();
      for (const text of texts) counts.set(text, (counts.get(text) ?? 0) + 1);
      return counts;
    };
    const [inTopic, sure, unsure] = [
      counted(written.map((r) => r.value ?? '')),
      counted(confirmed),
      counted(unconfirmed),
    ];
    const lost = [...sure].filter(([text, n]) => (inTopic.get(text) ?? 0) < n).map(([text]) => text);
    const extra = [...inTopic].filter(([text, n]) => n > (sure.get(text) ?? 0) + (unsure.get(text) ?? 0));
    expect({ lost: lost.slice(0, 5), extra: extra.slice(0, 5) }).toEqual({ lost: [], extra: [] });
    process.stdout.write(
      `[e2e] broker restart: ${confirmed.length} sentences confirmed, ${unconfirmed.length} refused ` +
        `(${[...refusals].join(', ')}), of which ${written.length - confirmed.length} were written anyway\n`,
    );
    // Exactly once downstream: the counts of what the topic holds.
    const reference = new Reference();
    reference.add(written.map((r) => r.value ?? ''));
    try {
      await expectExactCounts(reference, queryApi, wordCounts);
    } catch (error) {
      // A single broker that stops can lose a transaction's markers (libs/kafka-streams/docs/client.md, "A single
      // broker's restart"): said here, so that such a failure is not taken for the services'.
      const skipped = await skippedMarkers(s.kafka, topics.wordCountApplicationId);
      if (skipped.length > 0) {
        process.stdout.write(
          `[e2e] broker restart: the broker skipped markers of word-count:\n${skipped.join('\n')}\n`,
        );
      }
      throw error;
    }
    for (const service of [producer, ...wordCounts, queryApi]) expect(await service.ready()).toBe(true);
  });

  // Under load this scenario counted words twice (#16): a stale task of the returning instance read a purged
  // repartition partition, and kafkajs' out-of-range reset committed "earliest" over the offset a task's transaction
  // had committed (corrected in the library's kafkajs client, as is its read_committed filter, which could deliver
  // records of interleaved aborted transactions). It then failed in about one run of three on word-count's routed
  // /state only: kafkajs rejoined the returning instance under a new member id without reporting its partitions
  // lost, so the runtime kept the tasks it got back with their pre-partition stores; with nothing new to read such a
  // task never tried a transaction (never fenced) and answered old counts (the kafkajs consumer now reports them lost).
  scenario(
    'network partition: a word-count instance cut off past its session timeout is fenced on return',
    async (s) => {
      const topics = await s.createScenarioTopics('partition');
      const { producer, wordCounts, queryApi } = await startSystem(s, topics, ['word-count-1', 'word-count-2']);
      const [wc1, wc2] = [wordCounts[0]!, wordCounts[1]!];
      const generator = new SentenceGenerator(5);
      const reference = new Reference();
      const post = poster(producer, generator, reference, { size: 300, pauseMs: 200 });
      await post(4);
      await eventually(
        'word-count-1 to hold tasks and process',
        () => processedBy(wc1),
        (n) => n > 0,
        60_000,
      );
      const fencedBefore = await fencedSigns(wc1);
      // Cut off with transactions open; 30 s > SESSION_TIMEOUT_MS (20 s): word-count-2 takes its tasks over.
      await wc1.disconnect(s.network);
      await post(6);
      await sleep(30_000 - 6 * 200);
      await wc1.reconnect(s.network);
      await post(4);
      // The zombie noticed it was fenced: a transaction of it did not commit (on kafkajs, word-count-2's per-task
      // producers fence its own), or it learnt at its next heartbeat that the group went on without it (on
      // platformatic, where the coordinator rejects its offsets by their generation; it may have had nothing open).
      await eventually(
        'word-count-1 to notice it was fenced',
        () => fencedSigns(wc1),
        (signs) => signs > fencedBefore,
        120_000,
        1_000,
      );
      await eventually(
        'word-count-1 to be ready again',
        () => wc1.ready(),
        (ready) => ready,
        120_000,
      );
      try {
        await expectExactCounts(reference, queryApi, [wc1, wc2]);
      } catch (error) {
        process.stderr.write(await partitionDiagnostics(reference, [wc1, wc2]));
        throw error;
      }
    },
  );

  scenario('poison input: dead letters with their error headers, the pipeline goes on, exact counts', async (s) => {
    const topics = await s.createScenarioTopics('poison');
    const { producer, wordCounts, queryApi } = await startSystem(s, topics, ['word-count-1']);
    const generator = new SentenceGenerator(6);
    const reference = new Reference();
    const good = generator.sentences(500);
    await postSentences(producer, good);
    reference.add(good);
    // Records the producer's API would refuse, written straight to the topic: no value (a processing error:
    // nothing to split), and bytes that are not UTF-8 (decoded with U+FFFD, so still words: counted).
    const notUtf8 = Buffer.from([0x66, 0x6f, 0x78, 0xff, 0xfe, 0x20, 0x64, 0x6f, 0x67]); // "fox\xff\xfe dog"
    const raw = s.kafkaClient.producer();
    await raw.connect();
    try {
      await raw.send({
        topic: topics.sentences,
        messages: [
          { key: 'poison-1', value: null, headers: { origin: 'e2e' } },
          { key: 'not-utf8', value: notUtf8 },
          { key: 'poison-2', value: null },
        ],
      });
    } finally {
      await raw.disconnect();
    }
    reference.add([notUtf8.toString('utf8')]);
    const more = generator.sentences(500);
    await postSentences(producer, more);
    reference.add(more);

    await expectExactCounts(reference, queryApi, wordCounts);
    const dead = await s.readTopic(topics.deadLetters, 2);
    expect(dead.map((record) => record.key).sort()).toEqual(['poison-1', 'poison-2']);
    for (const record of dead) {
      expect(record.value).toBeNull();
      expect(record.headers['__streams.errors.topic']).toBe(topics.sentences);
      expect(record.headers['__streams.errors.exception']).toBeTruthy();
      expect(record.headers['__streams.errors.message']).toBeTruthy();
      expect(record.headers['__streams.errors.partition']).toMatch(/^\d+$/);
      expect(record.headers['__streams.errors.offset']).toMatch(/^\d+$/);
    }
    expect(dead.find((record) => record.key === 'poison-1')!.headers['origin']).toBe('e2e');
    expect(await metric(wordCounts[0]!, 'kafka_streams_dead_lettered_records_total')).toBe(2);
  });

  scenario('scale-out 1 → 3 → 1 word-count instances while input flows: exact counts', async (s) => {
    const topics = await s.createScenarioTopics('scale');
    const { producer, wordCounts, queryApi } = await startSystem(s, topics, ['word-count-1']);
    const wc1 = wordCounts[0]!;
    const generator = new SentenceGenerator(7);
    const reference = new Reference();
    let flowing = true;
    const feeding = (async () => {
      while (flowing) {
        const batch = generator.sentences(200);
        await postSentences(producer, batch);
        reference.add(batch);
        await sleep(300);
      }
    })();
    try {
      const [wc2, wc3] = await Promise.all([
        s.startService('word-count', 'word-count-2', topics),
        s.startService('word-count', 'word-count-3', topics),
      ]);
      // Each of the three gets tasks and processes input while it flows.
      for (const instance of [wc1, wc2, wc3]) {
        await eventually(
          `${instance.alias} to process records`,
          () => processedBy(instance),
          (n) => n > 0,
          120_000,
        );
      }
      await Promise.all([wc2.stop(), wc3.stop()]);
      await sleep(3_000);
    } finally {
      flowing = false;
      await feeding;
    }
    await expectExactCounts(reference, queryApi, [wc1]);
  });

  scenario('bad HTTP input to the producer and query-api: 4xx with a reason, nothing written', async (s) => {
    const topics = await s.createScenarioTopics('badhttp');
    // Short HTTP limits, so that the slow-loris cases take seconds (the body limit stays above the send timeout).
    const slowLimits = {
      HTTP_HEADERS_TIMEOUT_MS: '3000',
      HTTP_REQUEST_TIMEOUT_MS: '8000',
      HTTP_BODY_TIMEOUT_MS: '6000',
    };
    const { producer, wordCounts, queryApi } = await startSystem(s, topics, ['word-count-1'], {
      producer: slowLimits,
      'query-api': slowLimits,
    });
    let accepted = 0; // a bulk 400 says how many lines before the bad one were sent (the producer's README)
    const json = 'application/json';
    const producerCases: Array<[string, string, string | Buffer, number]> = [
      ['/sentences', json, '{"text": "unterminated', 400],
      ['/sentences', json, '{"text": ""}', 400],
      ['/sentences', json, '{"text": 42}', 400],
      ['/sentences', json, '[]', 400],
      ['/sentences', json, JSON.stringify({ text: 'x'.repeat(10_001) }), 400],
      ['/sentences', json, JSON.stringify({ text: 'big '.repeat(300_000) }), 413],
      ['/sentences', 'text/plain', 'to be or not to be', 415],
      ['/sentences', 'application/xml', '<text>to be</text>', 415],
      ['/sentences/bulk', json, '{"text":"a"}', 415],
      ['/sentences/bulk', 'application/x-ndjson', '{"text":"fine"}\n{"text":', 400],
      ['/sentences/bulk', 'text/plain; charset=utf-8', Buffer.from([0x61, 0xff, 0x62, 0x0a]), 400],
    ];
    for (const [path, contentType, body, status] of producerCases) {
      const response = await producer.fetch(path, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: typeof body === 'string' ? body : new Uint8Array(body),
      });
      const answer = (await response.json().catch(() => ({}))) as { message?: unknown; accepted?: number };
      accepted += answer.accepted ?? 0;
      expect({ path, contentType, status: response.status, reason: typeof answer.message }).toEqual({
        path,
        contentType,
        status,
        reason: 'string',
      });
    }
    const queryCases: Array<[string, number]> = [
      ['/counts/foo-bar', 400],
      ['/counts/caf%C3%A9', 400],
      ['/counts?limit=0', 400],
      ['/counts?limit=1001', 400],
      ['/counts?cursor=%%%', 400],
      ['/top?n=0', 400],
      ['/top?n=abc', 400],
      ['/counts/fox/windows?from=yesterday', 400],
      ['/counts/fox/windows?from=2026-11-24T11:00:00Z&to=2026-11-24T10:00:00Z', 400],
      ['/counts/fox/windows?from=2026-11-24T10:00:00', 400],
      ['/no/such/path', 404],
    ];
    for (const [path, status] of queryCases) {
      const response = await queryApi.fetch(path);
      const answer = (await response.json().catch(() => ({}))) as { message?: unknown };
      expect({ path, status: response.status, reason: typeof answer.message }).toEqual({
        path,
        status,
        reason: 'string',
      });
    }
    // Slow-loris: a JSON body that trickles (a byte every 300 ms: never a pause long enough for the body limit),
    // a bulk body that stops after a whole line, headers that never end. Each 408, naming its limit.
    const [producerUrl, queryApiUrl] = [await producer.url(), await queryApi.url()];
    const trickled = JSON.stringify({ text: 'a sentence that never quite arrives' });
    const [trickle, stall, headers] = await Promise.all([
      slowRequest(
        producerUrl,
        `POST /sentences HTTP/1.1\r\nHost: producer\r\nContent-Type: application/json\r\nContent-Length: ${trickled.length}\r\n\r\n`,
        [...trickled],
        300,
      ),
      slowRequest(
        producerUrl,
        'POST /sentences/bulk HTTP/1.1\r\nHost: producer\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n',
        ['stalled but whole line\n'],
        100,
      ),
      slowRequest(queryApiUrl, 'GET /counts HTTP/1.1\r\nHost: query-api\r\n', ['X-Slow: 1\r\n'], 500),
    ]);
    process.stdout.write(
      `[e2e] slow-loris: trickle ${trickle.status} after ${trickle.elapsedMs} ms, stall ${stall.status} after ` +
        `${stall.elapsedMs} ms, headers ${headers.status} after ${headers.elapsedMs} ms\n`,
    );
    expect(trickle).toMatchObject({ status: 408, message: expect.stringContaining('HTTP_REQUEST_TIMEOUT_MS') });
    expect(stall).toMatchObject({ status: 408, message: expect.stringContaining('HTTP_BODY_TIMEOUT_MS') });
    expect(headers).toMatchObject({ status: 408, message: expect.stringContaining('HTTP_HEADERS_TIMEOUT_MS') });

    // Nothing reached Kafka but what a bulk 400 said it had accepted (the line before the bad one), and the
    // services still work.
    expect(accepted).toBe(1);
    expect(await s.recordsIn(topics.sentences)).toBe(accepted);
    expect(await producer.ready()).toBe(true);
    const reference = new Reference();
    reference.add(['fine']);
    await expectExactCounts(reference, queryApi, wordCounts);
  });

  const soakMinutes = Number(process.env.SOAK_MINUTES ?? 10);
  scenario(
    `soak: ${soakMinutes} minutes at 200 sentences/s, a word-count instance killed every 2 minutes: exact counts, bounded RSS`,
    async (s) => {
      const topics = await s.createScenarioTopics('soak');
      const { producer, wordCounts, queryApi } = await startSystem(s, topics, ['word-count-1', 'word-count-2']);
      const services = [producer, ...wordCounts, queryApi];
      const generator = new SentenceGenerator(9);
      const reference = new Reference();
      const started = Date.now();
      const durationMs = soakMinutes * 60_000;
      const rss = new Map<string, Array<{ atMs: number; bytes: number }>>(services.map((x) => [x.alias, []]));
      const sample = async (): Promise<void> => {
        for (const service of services) {
          // A killed instance has no /metrics until it is back: no sample then.
          const bytes = await residentBytes(service).catch(() => undefined);
          if (bytes !== undefined) rss.get(service.alias)!.push({ atMs: Date.now() - started, bytes });
        }
      };
      let sentences = 0;
      let kills = 0;
      let nextKillMs = SOAK_KILL_EVERY_MS;
      let nextSampleMs = 0;
      // 100 sentences every 500 ms, on a schedule: a slow post is caught up by the next ones.
      for (let batch = 0; batch * SOAK_BATCH_MS < durationMs; batch++) {
        const dueMs = batch * SOAK_BATCH_MS;
        const waitMs = started + dueMs - Date.now();
        if (waitMs > 0) await sleep(waitMs);
        const sentencesNow = generator.sentences(SOAK_BATCH_SIZE);
        await postSentences(producer, sentencesNow);
        reference.add(sentencesNow);
        sentences += sentencesNow.length;
        if (dueMs >= nextSampleMs) {
          await sample();
          nextSampleMs += SOAK_SAMPLE_EVERY_MS;
        }
        if (dueMs >= nextKillMs) {
          const victim = wordCounts[kills % wordCounts.length]!;
          kills++;
          nextKillMs += SOAK_KILL_EVERY_MS;
          await victim.kill();
          await victim.startAgain();
          process.stdout.write(`[e2e] soak: killed and restarted ${victim.alias} at ${Math.round(dueMs / 1000)} s\n`);
        }
      }
      const feedMs = Date.now() - started;
      for (const instance of wordCounts) {
        await eventually(
          `${instance.alias} to be ready`,
          () => instance.ready(),
          (ready) => ready,
          180_000,
        );
      }
      await expectExactCounts(reference, queryApi, wordCounts, { timeoutMs: 600_000 });
      await sample();

      const report: string[] = [];
      const grown: string[] = [];
      for (const [alias, samples] of rss) {
        const mib = (bytes: number) => Math.round(bytes / 1_048_576);
        const peakOf = (from: number, to: number) =>
          Math.max(0, ...samples.filter((x) => x.atMs >= from && x.atMs < to).map((x) => x.bytes));
        // Warm: after the first two minutes (JIT, caches, stores filled); late: the last third of the run.
        const warmPeak = peakOf(SOAK_KILL_EVERY_MS, durationMs / 2);
        const latePeak = peakOf((durationMs * 2) / 3, Number.POSITIVE_INFINITY);
        const bytes = samples.map((x) => x.bytes);
        report.push(
          `${alias}: start ${mib(bytes[0] ?? 0)} MiB, end ${mib(bytes.at(-1) ?? 0)} MiB, peak ${mib(Math.max(...bytes))} ` +
            `MiB, warm peak ${mib(warmPeak)} MiB, late peak ${mib(latePeak)} MiB (${samples.length} samples)`,
        );
        if (latePeak > warmPeak * SOAK_RSS_GROWTH_BOUND) grown.push(alias);
      }
      process.stdout.write(
        `[e2e] soak: ${sentences} sentences, ${reference.total} words, ${reference.counts.size} distinct, fed in ` +
          `${Math.round(feedMs / 1000)} s (${Math.round(sentences / (feedMs / 1000))}/s), ${kills} kills, ` +
          `exact counts after ${Math.round((Date.now() - started) / 1000)} s\n[e2e] soak RSS: ${report.join('\n[e2e] soak RSS: ')}\n`,
      );
      // The bound: the peak of the last third of the run at most 1.5x the warm peak (minutes 2 to half-time).
      expect(grown).toEqual([]);
    },
    {
      skip: process.env.SOAK === '1' ? undefined : 'opt-in: SOAK=1 (10 minutes; SOAK_MINUTES changes it)',
      timeoutMs: soakMinutes * 60_000 + 900_000,
    },
  );
});

/** producer, the word-count instances, query-api: started in that order, each ready. */
async function startSystem(
  system: E2eSystem,
  topics: ScenarioTopics,
  wordCountAliases: ReadonlyArray<string>,
  extra: Partial<Record<ServiceName, Record<string, string>>> = {},
): Promise<{ producer: ServiceContainer; wordCounts: ServiceContainer[]; queryApi: ServiceContainer }> {
  const producer = await system.startService('producer', 'producer', topics, extra.producer);
  const wordCounts = await Promise.all(
    wordCountAliases.map((alias) => system.startService('word-count', alias, topics, extra['word-count'])),
  );
  const queryApi = await system.startService('query-api', 'query-api', topics, extra['query-api']);
  return { producer, wordCounts, queryApi };
}

/** kafka_streams_records_processed_total summed over the instance's tasks. */
function processedBy(instance: ServiceContainer): Promise<number> {
  return metric(instance, 'kafka_streams_records_processed_total');
}

/**
 * Posts `batches` batches of `size` generated sentences through the producer, each added to the reference once
 * accepted, `pauseMs` apart (so that input keeps flowing while a scenario breaks something).
 */
function poster(
  producer: ServiceContainer,
  generator: SentenceGenerator,
  reference: Reference,
  { size, pauseMs = 0 }: { size: number; pauseMs?: number },
): (batches: number) => Promise<void> {
  return async (batches) => {
    for (let i = 0; i < batches; i++) {
      const batch = generator.sentences(size);
      await postSentences(producer, batch);
      reference.add(batch);
      if (pauseMs > 0) await sleep(pauseMs);
    }
  };
}

/** A metric summed over its label sets, as the instance's /metrics reports it (0 when absent). */
async function metric(instance: ServiceContainer, name: string): Promise<number> {
  const text = await (await instance.fetch('/metrics')).text();
  let total = 0;
  for (const match of text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)`, 'gm'))) total += Number(match[1]);
  return total;
}

/** What a fenced instance shows, on either client: transactions that did not commit, and lost partitions. */
async function fencedSigns(instance: ServiceContainer): Promise<number> {
  const aborts = await metric(instance, 'kafka_streams_transaction_aborts_total');
  return aborts + (await metric(instance, 'kafka_streams_partitions_lost_total'));
}

/** kafka_streams_restored_records_total of one store, as the instance's /metrics reports it. */
async function restoredRecords(instance: ServiceContainer, store: string): Promise<number> {
  const text = await (await instance.fetch('/metrics')).text();
  const match = new RegExp(`^kafka_streams_restored_records_total\\{[^}]*store="${store}"[^}]*\\} (\\d+)`, 'm').exec(
    text,
  );
  return match ? Number(match[1]) : 0;
}

/**
 * What each word-count instance thinks it owns (its /state/instance report: tasks, roles, rebalances, members), which
 * instance answered the first wrong /state counts, and each instance's log without its request lines (the tail the
 * failure prints is all requests).
 */
async function partitionDiagnostics(
  reference: Reference,
  wordCounts: ReadonlyArray<ServiceContainer>,
): Promise<string> {
  const parts: string[] = ['\n[e2e] network partition diagnostics'];
  for (const instance of wordCounts) {
    const report = await instance.json<unknown>('/state/instance').catch((error: unknown) => String(error));
    parts.push(`${instance.alias} /state/instance: ${JSON.stringify(report)}`);
  }
  let wrong = 0;
  for (const [word, count] of reference.counts) {
    if (wrong >= 10) break;
    const response = await wordCounts[0]!.fetch(`/state/words/${word}`).catch(() => undefined);
    if (!response?.ok) continue;
    const answer = (await response.json()) as { count: number };
    if (answer.count === count) continue;
    wrong++;
    parts.push(
      `${word}: ${answer.count}, expected ${count}, served by ${response.headers.get('x-streamkit-served-by')}`,
    );
  }
  for (const instance of wordCounts) {
    const lines = (await instance.allLogs()).split('\n').filter((line) => !line.includes('"request completed"'));
    parts.push(`===== ${instance.alias}, without requests =====\n${lines.slice(-250).join('\n')}`);
  }
  return `${parts.join('\n')}\n`;
}

/** Words, total count and the first differences: what a failure shows first. */
function summary(lines: ReadonlyArray<string>, expected: ReadonlyArray<string>) {
  const total = lines.reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf('=') + 1)), 0);
  const want = new Set(expected);
  return {
    words: lines.length,
    total,
    unexpected: lines.filter((line) => !want.has(line)).slice(0, 10),
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
