// Runs a TypeScript entry point on the project's Node 24 with node_modules/.bin first on PATH, passes
// signals on, and exits with its exit code. Plain JavaScript: the launchers run it on any Node.
import { spawn } from 'node:child_process';
import { delimiter, join } from 'node:path';
import { projectNode, projectRoot } from './project-install.mjs';

/** Never returns: this process ends when the child does, with its exit code. */
export function runOnProjectNode(script, args, nodeOptions = []) {
  const bin = join(projectRoot, 'node_modules', '.bin');
  const child = spawn(projectNode(), [...nodeOptions, script, ...args], {
    cwd: projectRoot,
    stdio: 'inherit',
    // npm puts node_modules/.bin on PATH too, but not when it did not exist yet as the script started.
    env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` },
  });
  // Ctrl-C reaches the child from the terminal as well, so it may see a signal twice (start.ts takes a repeat
  // within a second as the same request).
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)));
}
