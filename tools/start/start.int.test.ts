// `npm start` end to end, on the running broker: the start module with two word-count instances, sentences
// posted to the producer, exact counts from both word-count instances and from query-api, then Ctrl-C
// (SIGINT) stops every child and the start process exits 0.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { uniqueName, waitFor } from '../../test/support/kafka.ts';
import { sentenceGenerator } from './sentence-generator.ts';

jest.setTimeout(300_000);

const root = fileURLToPath(new URL('../../', import.meta.url));
const LISTENING = /^\[start\] (\S+) \(pid (\d+)\) listening at (http:\/\/\S+)$/;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Reference counts: lower-case, split at every character other than a-z, 0-9 and "_". */
function countWords(sentences: ReadonlyArray<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const sentence of sentences) {
    for (const word of sentence.toLowerCase().split(/[^a-z0-9_]+/)) {
      if (word !== '') counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return counts;
}

async function countAt(url: string): Promise<number | undefined> {
  const response = await fetch(url);
  return response.ok ? ((await response.json()) as { count: number }).count : undefined;
}

describe('npm start', () => {
  let start: ChildProcess;
  const lines: string[] = [];
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  beforeAll(() => {
    execFileSync(
      join(root, 'node_modules/.bin/tsc'),
      ['-b', 'services/producer', 'services/word-count', 'services/query-api'],
      {
        cwd: root,
      },
    );
  }, 240_000);
  afterAll(() => {
    if (start && start.exitCode === null && start.signalCode === null) start.kill('SIGKILL');
  });

  it('runs the system with two word-count instances, counts exactly, and stops every child on SIGINT', async () => {
    start = spawn(
      process.execPath,
      [
        '--disable-warning=TimeoutNegativeWarning',
        'tools/start/start.ts',
        '--instances',
        '2',
        '--ports',
        'auto',
        '--state-dir',
        mkdtempSync(join(tmpdir(), 'start-state-')),
        '--topic-prefix',
        `${uniqueName('start')}-`,
        '--log-format',
        'json',
        // info, not warn: at warn a word-count instance may log nothing at all (kafkajs warned at every start-up,
        // the platformatic client does not), and the check of the children's prefixed lines needs some.
        '--log-level',
        'info',
        '--no-build',
      ],
      { cwd: root, env: { ...process.env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // 'close', not 'exit': it comes once the output is read to its end, the last "stopped" lines included.
    exited = new Promise((resolve) => start.once('close', (code, signal) => resolve({ code, signal })));
    for (const stream of [start.stdout!, start.stderr!]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)));
    }
    const failedEarly = () => start.exitCode !== null;
    await waitFor(() => lines.includes('[start] all services ready') || failedEarly(), 240_000, 'all services ready');
    expect(failedEarly() ? lines.slice(-30) : []).toEqual([]);

    const children = new Map(
      lines.flatMap((line) => {
        const match = LISTENING.exec(line);
        return match ? [[match[1]!, { pid: Number(match[2]), url: match[3]! }] as const] : [];
      }),
    );
    expect([...children.keys()].sort()).toEqual(['producer', 'query-api', 'word-count-1', 'word-count-2']);
    // Each child's lines come prefixed with its name (padded to the longest name).
    expect(lines.some((line) => /^word-count-\d +│ \{/.test(line))).toBe(true);

    const next = sentenceGenerator({ seed: 2026 });
    const sentences = Array.from({ length: 600 }, next);
    for (let i = 0; i < sentences.length; i += 200) {
      const response = await fetch(`${children.get('producer')!.url}/sentences`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(sentences.slice(i, i + 200).map((text) => ({ text }))),
      });
      expect(response.status).toBe(202);
    }
    const counts = countWords(sentences);
    const endpoints = [
      (word: string) => `${children.get('word-count-1')!.url}/state/words/${word}`,
      (word: string) => `${children.get('word-count-2')!.url}/state/words/${word}`,
      (word: string) => `${children.get('query-api')!.url}/counts/${word}`,
    ];
    for (const endpoint of endpoints) {
      await waitFor(
        async () => {
          for (const [word, count] of counts) if ((await countAt(endpoint(word))) !== count) return false;
          return true;
        },
        60_000,
        `exact counts at ${endpoint('<word>')}`,
      );
    }

    start.kill('SIGINT');
    const exit = await exited;
    expect(exit).toEqual({ code: 0, signal: null });
    for (const [name, { pid }] of children) {
      expect({ name, alive: isAlive(pid) }).toEqual({ name, alive: false });
      expect(lines).toContain(`[start] ${name} stopped (signal SIGTERM)`);
    }
  });
});
