// The services as child processes: spawned with their environment, their output prefixed in this
// terminal, stopped with SIGTERM and their grace period, killed when they overrun it.
import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { type LogFormat, lineFormatter, splitIntoLines } from './log-format.ts';
import type { ServicePlan } from './plan.ts';

export interface ChildExit {
  readonly name: string;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** It overran its grace period and was killed. */
  readonly killed: boolean;
}

interface Running {
  readonly plan: ServicePlan;
  readonly process: ChildProcess;
  readonly exited: Promise<ChildExit>;
  stopping: boolean;
  killed: boolean;
}

const HUES = [36, 35, 34, 33, 32, 96, 95, 94, 93, 92];

/** A child stopping takes at most its SHUTDOWN_GRACE_MS (default 30 s) plus this, then it is killed. */
const KILL_MARGIN_MS = 5_000;
const DEFAULT_GRACE_MS = 30_000;

export class ChildProcesses {
  private readonly running: Running[] = [];
  private readonly width: number;
  private readonly format: LogFormat;
  private readonly color: boolean;
  private readonly write: (text: string) => void;
  private unexpected: ((exit: ChildExit) => void) | undefined;

  constructor(options: {
    names: ReadonlyArray<string>;
    format: LogFormat;
    color: boolean;
    write?: (text: string) => void;
  }) {
    this.width = Math.max(...options.names.map((name) => name.length));
    this.format = options.format;
    this.color = options.color;
    this.write = options.write ?? ((text) => void process.stdout.write(text));
  }

  /** Called once, for the first child that exits without being asked to. */
  onUnexpectedExit(listener: (exit: ChildExit) => void): void {
    this.unexpected = listener;
  }

  /** Starts `plan` with node (this process's own binary) in `cwd`; returns its pid. */
  spawn(plan: ServicePlan, cwd: string): number {
    const format = lineFormatter(plan.name, {
      format: this.format,
      color: this.color,
      width: this.width,
      hue: HUES[this.running.length % HUES.length]!,
    });
    // kafkajs schedules timeouts with negative delays, which Node 24 warns about once per process; they are
    // harmless (Node runs them at once), and the npm scripts of this repository silence them the same way.
    const child = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', plan.main], {
      cwd,
      env: { ...process.env, ...plan.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: Ctrl-C reaches only this supervisor, which stops the children in order.
      detached: true,
    });
    for (const stream of [child.stdout!, child.stderr!]) {
      stream.setEncoding('utf8');
      const lines = splitIntoLines((line) => this.write(`${format(line)}\n`));
      stream.on('data', (chunk: string) => lines.write(chunk));
      stream.on('end', () => lines.end());
    }
    const entry: Running = {
      plan,
      process: child,
      stopping: false,
      killed: false,
      exited: new Promise((resolve) => {
        child.once('exit', (code, signal) => {
          const exit = { name: plan.name, code, signal, killed: entry.killed };
          if (!entry.stopping) this.unexpected?.(exit);
          resolve(exit);
        });
      }),
    };
    child.once('error', (error) => this.write(`[start] ${plan.name}: ${error.message}\n`));
    this.running.push(entry);
    if (child.pid === undefined) throw new Error(`could not start ${plan.name}`);
    return child.pid;
  }

  isRunning(name: string): boolean {
    const entry = this.running.find((r) => r.plan.name === name);
    return entry !== undefined && entry.process.exitCode === null && entry.process.signalCode === null;
  }

  /**
   * SIGTERM to every child at once, then waits for each up to its SHUTDOWN_GRACE_MS plus a margin before
   * SIGKILL. Resolves with how each one ended.
   */
  async stopAll(): Promise<ChildExit[]> {
    return Promise.all(
      this.running.map(async (entry) => {
        entry.stopping = true;
        if (this.isRunning(entry.plan.name)) entry.process.kill('SIGTERM');
        const graceMs = Number(entry.plan.env.SHUTDOWN_GRACE_MS ?? DEFAULT_GRACE_MS) + KILL_MARGIN_MS;
        const overrun = sleep(graceMs, 'overrun' as const, { ref: false });
        if ((await Promise.race([entry.exited, overrun])) === 'overrun') {
          this.write(`[start] ${entry.plan.name} did not stop within ${graceMs} ms; killing it\n`);
          entry.killed = true;
          entry.process.kill('SIGKILL');
        }
        return entry.exited;
      }),
    );
  }

  /** SIGKILL to every child still running: the last resort (a second Ctrl-C, or this process failing). */
  killAll(): void {
    for (const entry of this.running) {
      entry.stopping = true;
      if (this.isRunning(entry.plan.name)) {
        entry.killed = true;
        entry.process.kill('SIGKILL');
      }
    }
  }
}
