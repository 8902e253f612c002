// `npm start` entry point. Plain JavaScript on purpose: it may run on whatever Node is on PATH before the
// project's dependencies (and with them Node 24) are installed. It installs them when node_modules is
// missing or older than package-lock.json, then runs start.ts on the project's Node, passing signals on.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const nodeBinary = process.platform === 'win32' ? 'node.cmd' : 'node';

/** Whether `directory`'s node_modules holds what its package-lock.json asks for, Node included. */
export function installIsCurrent(directory = root) {
  const lockFile = join(directory, 'package-lock.json');
  // npm writes this record of what it installed into node_modules after every install.
  const installedFile = join(directory, 'node_modules', '.package-lock.json');
  if (!existsSync(installedFile) || !existsSync(join(directory, 'node_modules', '.bin', nodeBinary))) return false;
  if (statSync(lockFile).mtimeMs <= statSync(installedFile).mtimeMs) return true;
  // The lock file is newer (a pull, a checkout): compare what it asks for with what is there.
  const wanted = JSON.parse(readFileSync(lockFile, 'utf8')).packages ?? {};
  const installed = JSON.parse(readFileSync(installedFile, 'utf8')).packages ?? {};
  return Object.entries(wanted).every(
    ([path, entry]) =>
      !path.startsWith('node_modules/') ||
      entry.optional === true ||
      entry.devOptional === true ||
      installed[path]?.version === entry.version,
  );
}

function main() {
  if (!installIsCurrent()) {
    process.stdout.write('[start] node_modules is missing or out of date: running npm ci\n');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const install = spawnSync(npm, ['ci'], { cwd: root, stdio: 'inherit' });
    if (install.status !== 0) {
      process.stderr.write('[start] npm ci failed (see above)\n');
      process.exit(install.status ?? 1);
    }
  }
  const child = spawn(
    join(root, 'node_modules', '.bin', nodeBinary),
    ['--disable-warning=TimeoutNegativeWarning', join(root, 'tools', 'start', 'start.ts'), ...process.argv.slice(2)],
    { cwd: root, stdio: 'inherit' },
  );
  // Ctrl-C reaches start.ts from the terminal too; it takes a repeat within a second as the same request.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
