// Runs ./app.ts (the library's word count) in a child process: a process of its own, like the other
// implementations' runners, so the harness' producer and reader do not share its event loop.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { bucketQuantile, type CumulativeBuckets } from '../../stats.ts';
import type { Runner, RunnerFacts, RunningApp, WordCountApp } from '../runner.ts';

const APP = join(dirname(fileURLToPath(import.meta.url)), 'app.ts');
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 60_000;

interface AppEvent {
  readonly event: string;
  readonly state?: string;
  readonly clean?: boolean;
  readonly commitLatency?: CumulativeBuckets;
  readonly transactions?: { readonly committed: number; readonly aborted: number };
}

export const streamkitRunner: Runner = {
  name: '@streamkit/kafka-streams',
  async start(app: WordCountApp): Promise<RunningApp> {
    const child = spawn(
      process.execPath,
      ['--disable-warning=ExperimentalWarning', '--disable-warning=TimeoutNegativeWarning', APP],
      {
        env: { ...process.env, BENCH_APP: JSON.stringify(app) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-10_000)));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const events: AppEvent[] = [];
    const listeners = new Set<(event: AppEvent) => void>();
    createInterface({ input: child.stdout }).on('line', (line) => {
      const event = JSON.parse(line) as AppEvent;
      events.push(event);
      for (const listener of listeners) listener(event);
    });
    const describe = () =>
      `events: ${JSON.stringify(events.slice(-10))}\nstderr (tail): ${stderr.slice(-4_000) || '(empty)'}`;
    /** The first event (past or future) that `matches`; rejects when the app exits first or after `timeoutMs`. */
    const awaitEvent = (matches: (event: AppEvent) => boolean, timeoutMs: number, what: string) =>
      new Promise<AppEvent>((resolve, reject) => {
        const seen = events.find(matches);
        if (seen) return resolve(seen);
        const done = (outcome: () => void) => {
          clearTimeout(timer);
          listeners.delete(listener);
          outcome();
        };
        const listener = (event: AppEvent) => {
          if (matches(event)) done(() => resolve(event));
          else if (event.state === 'ERROR') done(() => reject(new Error(`the app failed\n${describe()}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`no ${what} after ${timeoutMs} ms`))), timeoutMs);
        listeners.add(listener);
        void exited.then(() => done(() => reject(new Error(`the app exited before ${what}\n${describe()}`))));
      });

    try {
      await awaitEvent((e) => e.state === 'RUNNING', START_TIMEOUT_MS, 'RUNNING state');
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
    const stop = async (): Promise<RunnerFacts> => {
      child.kill('SIGTERM');
      try {
        const closed = await awaitEvent((e) => e.event === 'closed', STOP_TIMEOUT_MS, 'clean close');
        if (!closed.clean) throw new Error(`the app did not close cleanly\n${describe()}`);
        await exited;
        return facts(closed, app);
      } finally {
        child.kill('SIGKILL');
      }
    };
    let stopping: Promise<RunnerFacts> | undefined;
    return { exited, describe, stop: () => (stopping ??= stop()) };
  },
};

/** Commit latency as the library measures it (bucket bounds: "at most"), and transactions under exactly-once. */
function facts({ commitLatency, transactions }: AppEvent, app: WordCountApp): RunnerFacts {
  const result: Record<string, string> = {};
  if (commitLatency && commitLatency.count > 0) {
    result.commits = String(commitLatency.count);
    result['commit mean'] = `${(commitLatency.sumMs / commitLatency.count).toFixed(1)} ms`;
    result['commit p99'] = `≤ ${bucketQuantile(commitLatency, 0.99)} ms`;
  }
  if (app.processingGuarantee === 'exactly_once' && transactions) {
    result.transactions = `${transactions.committed} committed, ${transactions.aborted} aborted`;
  }
  return result;
}
