// docker-compose.yml end to end, as a user runs it: the service images (built by
// tools/docker/build-service-images.sh, which skips up-to-date ones), `docker compose up --wait`, sentences
// posted to the producer, the counts read back from query-api and from both word-count instances (each
// answers for every word, forwarding to the owner), the dashboard served, then `down -v`.
// Needs Docker, Compose v2 (tools/docker/ensure-compose.sh) and the base images (tools/docker/build-images.sh).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { findRepoRoot } from '../../tools/versions.ts';
import { freePort } from '../../tools/start/http-wait.ts';
import { ComposeProject, composeVersion } from './compose-project.js';

const run = promisify(execFile);
const root = findRepoRoot();

const SENTENCES = [
  'the quick brown fox jumps over the lazy dog',
  'the dog sleeps',
  'a fox is quick and a dog is lazy',
  'to be or not to be',
];
/** What the counts must be: words are the lower-case runs between spaces here, as the topology splits them. */
const EXPECTED: Record<string, number> = {};
for (const word of SENTENCES.flatMap((s) => s.split(' '))) EXPECTED[word] = (EXPECTED[word] ?? 0) + 1;

let project: ComposeProject;
let ports: Record<'producer' | 'queryApi' | 'wordCount1' | 'wordCount2', number>;
let started = false;

async function getJson<T>(port: number, path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** Polls `read` until it returns what `expected` says, or fails with the last value after `timeoutMs`. */
async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: T | string;
  for (;;) {
    try {
      last = await read();
      if (JSON.stringify(last) === JSON.stringify(expected)) return;
    } catch (error) {
      last = String(error);
    }
    if (Date.now() > deadline) {
      expect(last).toEqual(expected);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

beforeAll(async () => {
  await composeVersion();
  await run('bash', [join(root, 'tools', 'docker', 'build-service-images.sh')], {
    cwd: root,
    timeout: 20 * 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  ports = {
    producer: await freePort(),
    queryApi: await freePort(),
    wordCount1: await freePort(),
    wordCount2: await freePort(),
  };
  project = new ComposeProject(root, `streamkit-e2e-${randomBytes(4).toString('hex')}`, {
    KAFKA_HOST_PORT: String(await freePort()),
    PRODUCER_HOST_PORT: String(ports.producer),
    QUERY_API_HOST_PORT: String(ports.queryApi),
    WORD_COUNT_1_HOST_PORT: String(ports.wordCount1),
    WORD_COUNT_2_HOST_PORT: String(ports.wordCount2),
  });
  try {
    started = true;
    await project.up(300);
  } catch (error) {
    process.stderr.write(`docker compose up failed; recent logs:\n${await project.logs()}\n`);
    throw error;
  }
}, 30 * 60_000);

afterAll(async () => {
  if (started) await project.down();
}, 4 * 60_000);

/** The count each word of EXPECTED has at `port`, asked at `pathOf(word)`, keyed in EXPECTED's order. */
async function countsAt(port: number, pathOf: (word: string) => string): Promise<Record<string, number>> {
  const words = Object.keys(EXPECTED);
  const counts = await Promise.all(
    words.map(async (word) => (await getJson<{ count: number }>(port, pathOf(word))).body.count),
  );
  return Object.fromEntries(words.map((word, i) => [word, counts[i]!]));
}

describe('docker compose up', () => {
  it('accepts sentences at the producer', async () => {
    for (const text of SENTENCES) {
      const response = await fetch(`http://127.0.0.1:${ports.producer}/sentences`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
      });
      expect({ text, status: response.status }).toEqual({ text, status: 202 });
    }
  });

  it('query-api serves the exact count of every word', async () => {
    await eventually(() => countsAt(ports.queryApi, (word) => `/counts/${word}`), EXPECTED);
    expect((await getJson<{ count: number }>(ports.queryApi, '/counts/never_posted')).body).toEqual({
      word: 'never_posted',
      count: 0,
    });
  }, 120_000); // eventually() waits up to 90 s: word-count is exactly-once, counts appear when transactions commit

  it('both word-count instances answer for every word, the owner or by forwarding to it', async () => {
    for (const port of [ports.wordCount1, ports.wordCount2]) {
      await eventually(() => countsAt(port, (word) => `/state/words/${word}`), EXPECTED);
    }
  }, 200_000);

  it('query-api serves the dashboard', async () => {
    const response = await fetch(`http://127.0.0.1:${ports.queryApi}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  });
});
