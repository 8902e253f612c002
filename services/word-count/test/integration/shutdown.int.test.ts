// The built service as it runs in a pod: SIGTERM finishes in-flight records, commits, flushes and closes the
// stores within SHUTDOWN_GRACE_MS, then exits; a restart on the same STATE_DIR serves the same counts from
// its checkpointed stores without replaying the changelogs.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { builtService } from '../../../../libs/nest/test/support/built-service.js';
import { committedEqualsEnd } from '../../../../libs/nest/test/support/committed-offsets.js';
import { kafka, waitFor } from '../../../../test/support/kafka.js';
import {
  awaitCounts,
  createWordCountTopics,
  freePort,
  sentencesWithCounts,
  wordCountEnv,
} from '../support/word-count-fixture.js';

jest.setTimeout(240_000);

const wordCount = builtService('word-count');
const GRACE_MS = 15_000;

interface Service {
  readonly child: ChildProcess;
  readonly lines: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function spawnService(env: Record<string, string>): Service {
  const child = spawn(process.execPath, [wordCount.main], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  // Whole lines (a chunk may end mid-line), all of them read before `exited` resolves: 'close' comes once the
  // output streams have ended, where 'exit' may come before the last lines were read.
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      if (line !== '') lines.push(line);
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  return { child, lines, exited };
}

async function ready(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/health/ready`)).ok;
  } catch {
    return false;
  }
}

describe('word-count stop and restart', () => {
  const client = kafka();
  let admin: Admin;
  const services: Service[] = [];

  beforeAll(async () => {
    wordCount.build();
    admin = client.admin();
    await admin.connect();
  }, 180_000);
  afterAll(async () => {
    for (const { child } of services) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await admin.disconnect();
  });

  it('drains, commits and checkpoints on SIGTERM within SHUTDOWN_GRACE_MS, and restarts from the checkpoints', async () => {
    const topics = await createWordCountTopics(admin);
    const port = await freePort();
    const env = wordCountEnv(topics, port, {
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
      // Only the stop commits: what is committed afterwards proves the stop did it. At-least-once: the counts
      // must show before any commit (under exactly-once, the default, the repartitioned words only become
      // readable when their transaction commits, and a transaction may not stay open for 10 minutes).
      PROCESSING_GUARANTEE: 'at_least_once',
      COMMIT_INTERVAL_MS: '600000',
      LOG_LEVEL: 'info',
    });
    const url = `http://127.0.0.1:${port}`;
    const first = spawnService(env);
    services.push(first);
    await waitFor(() => ready(url), 60_000, 'the first run to be ready');

    const { sentences, counts } = sentencesWithCounts(3_000);
    const producer = client.producer();
    await producer.connect();
    await producer.send({ topic: topics.sentences, messages: sentences.map((value) => ({ value })) });
    await producer.disconnect();
    await awaitCounts(url, counts);
    const repartition = `${topics.applicationId}-words-repartition`;
    expect(await committedEqualsEnd(admin, topics.applicationId, topics.sentences)).toBe(false);

    const stopping = Date.now();
    first.child.kill('SIGTERM');
    const exit = await first.exited;
    const stopMs = Date.now() - stopping;

    // Nest re-raises the signal once its shutdown hooks are done; the overrun guard would exit with code 1.
    expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
    expect(stopMs).toBeLessThan(GRACE_MS);
    expect(first.lines.some((line) => line.includes('drained, committed and closed'))).toBe(true);
    expect(await committedEqualsEnd(admin, topics.applicationId, topics.sentences)).toBe(true);
    expect(await committedEqualsEnd(admin, topics.applicationId, repartition)).toBe(true);
    const tasks = ['1_0', '1_1', '1_2'];
    expect(tasks.filter((task) => existsSync(join(env.STATE_DIR, topics.applicationId, task, '.checkpoint')))).toEqual(
      tasks,
    );

    const second = spawnService(env);
    services.push(second);
    await waitFor(() => ready(url), 60_000, 'the restart to be ready');
    await awaitCounts(url, counts, 10_000);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    // The stores came back from disk: nothing of the changelogs had to be replayed.
    expect(metrics).not.toMatch(/^kafka_streams_restored_records_total\{store="word-counts".*\} [1-9]/m);
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: null, signal: 'SIGTERM' });
  });
});
