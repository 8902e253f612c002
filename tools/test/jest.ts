// Jest on the project's Node, with the flags the ESM-only NestJS packages need, and signals passed on.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const NODE_FLAGS = [
  '--experimental-vm-modules',
  '--disable-warning=ExperimentalWarning',
  '--disable-warning=TimeoutNegativeWarning',
];

/** Jest's exit code (130 when Ctrl-C stopped it). */
export function runJest(root: string, args: ReadonlyArray<string>, env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(
    process.execPath,
    [...NODE_FLAGS, join(root, 'node_modules', 'jest', 'bin', 'jest.js'), ...args],
    {
      cwd: root,
      env,
      stdio: 'inherit',
    },
  );
  const passOn = (signal: NodeJS.Signals) => child.kill(signal);
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, passOn);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      for (const s of signals) process.off(s, passOn);
      resolve(code ?? (signal === 'SIGINT' ? 130 : 1));
    });
  });
}
