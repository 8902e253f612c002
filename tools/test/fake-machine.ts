// A machine for the steps' unit tests: commands answer what the test says, scripts "run" by changing it.
import { findRepoRoot } from '../versions.ts';
import type { CommandResult, LoggedRun, Machine } from './machine.ts';

export interface FakeScript {
  readonly status?: number;
  readonly output?: string;
  /** What running it changes on the machine. */
  readonly effect?: (machine: FakeMachine) => void;
}

export class FakeMachine implements Machine {
  /** The real repository, for versions.env. */
  readonly root = findRepoRoot();
  env: NodeJS.ProcessEnv = {};
  isRoot = true;
  /** Answers by command line (`docker info ...`); anything else is "not installed" (127). */
  readonly answers = new Map<string, CommandResult>();
  /** Commands on PATH, by name. */
  readonly onPath = new Set<string>();
  /** Files by path (relative to the repository, or absolute). */
  readonly files = new Map<string, string>();
  readonly scripts = new Map<string, FakeScript>();
  /** Command lines run with runLogged, in order. */
  readonly ran: string[] = [];

  answer(commandLine: string, stdout: string, status = 0): this {
    this.answers.set(commandLine, { status, stdout, stderr: '' });
    return this;
  }

  async ask(command: string, args: ReadonlyArray<string>): Promise<CommandResult> {
    return this.answers.get([command, ...args].join(' ')) ?? { status: 127, stdout: '', stderr: 'not found' };
  }

  async runLogged(logName: string, command: string, args: ReadonlyArray<string>): Promise<LoggedRun> {
    const commandLine = [command, ...args].join(' ');
    this.ran.push(commandLine);
    const script = this.scripts.get(commandLine) ?? {};
    script.effect?.(this);
    return { status: script.status ?? 0, log: `.local/test/${logName}.log`, output: script.output ?? '' };
  }

  which(command: string): string | undefined {
    return this.onPath.has(command) ? `/usr/bin/${command}` : undefined;
  }

  exists(path: string): boolean {
    return this.files.has(path);
  }

  readText(path: string): string | undefined {
    return this.files.get(path);
  }
}
