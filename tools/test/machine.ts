// The machine the steps look at and change, behind an interface so that tests can fake it.
import { spawn } from 'node:child_process';
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, relative } from 'node:path';

export interface CommandResult {
  /** The exit status; 127 when the command is not installed. */
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface LoggedRun {
  readonly status: number;
  /** The log file, relative to the repository. */
  readonly log: string;
  /** Its whole text. */
  readonly output: string;
}

export interface Machine {
  /** The repository; relative paths are relative to it. */
  readonly root: string;
  readonly env: Readonly<NodeJS.ProcessEnv>;
  readonly isRoot: boolean;
  /** A quick question to a command (`docker info`), bounded in time. */
  ask(command: string, args: ReadonlyArray<string>): Promise<CommandResult>;
  /** Runs a command in the repository with its output (stdout and stderr) in .local/test/<logName>.log. */
  runLogged(logName: string, command: string, args: ReadonlyArray<string>): Promise<LoggedRun>;
  /** The path `command` resolves to on PATH, if any. */
  which(command: string): string | undefined;
  exists(path: string): boolean;
  readText(path: string): string | undefined;
}

const ASK_TIMEOUT_MS = 15_000;

export class LocalMachine implements Machine {
  readonly root: string;
  readonly env = process.env;
  readonly isRoot = process.getuid?.() === 0;

  constructor(root: string) {
    this.root = root;
  }

  ask(command: string, args: ReadonlyArray<string>): Promise<CommandResult> {
    return new Promise((resolve) => {
      const child = spawn(command, args, { cwd: this.root, stdio: ['ignore', 'pipe', 'pipe'] });
      // Not spawn's own `timeout`: its timer outlives a command that could not start, holding the process.
      const timer = setTimeout(() => child.kill('SIGKILL'), ASK_TIMEOUT_MS);
      const answer = (result: CommandResult) => {
        clearTimeout(timer);
        resolve(result);
      };
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      // A command that cannot start reports 'error' and then 'close': the first one answers.
      child.on('error', (error: NodeJS.ErrnoException) =>
        answer({ status: error.code === 'ENOENT' ? 127 : 1, stdout, stderr: stderr + error.message }),
      );
      child.on('close', (code) => answer({ status: code ?? 1, stdout, stderr }));
    });
  }

  runLogged(logName: string, command: string, args: ReadonlyArray<string>): Promise<LoggedRun> {
    const directory = join(this.root, '.local', 'test');
    mkdirSync(directory, { recursive: true });
    const path = join(directory, `${logName.replaceAll(/[^a-z0-9]+/gi, '-')}.log`);
    const log = relative(this.root, path);
    const fd = openSync(path, 'w');
    return new Promise((resolve) => {
      let finished = false;
      const finish = (status: number) => {
        if (finished) return; // a command that cannot start reports 'error' and then 'close'
        finished = true;
        closeSync(fd);
        resolve({ status, log, output: readFileSync(path, 'utf8') });
      };
      const child = spawn(command, args, { cwd: this.root, stdio: ['ignore', fd, fd] });
      child.on('error', (error: NodeJS.ErrnoException) => finish(error.code === 'ENOENT' ? 127 : 1));
      child.on('close', (code) => finish(code ?? 1));
    });
  }

  which(command: string): string | undefined {
    const candidates = command.includes('/')
      ? [command]
      : (this.env.PATH ?? '')
          .split(delimiter)
          .filter(Boolean)
          .map((directory) => join(directory, command));
    return candidates.find((candidate) => {
      try {
        accessSync(candidate, constants.X_OK);
        return statSync(candidate).isFile();
      } catch {
        return false;
      }
    });
  }

  exists(path: string): boolean {
    return existsSync(this.resolve(path));
  }

  readText(path: string): string | undefined {
    return this.exists(path) ? readFileSync(this.resolve(path), 'utf8') : undefined;
  }

  private resolve(path: string): string {
    return isAbsolute(path) ? path : join(this.root, path);
  }
}
