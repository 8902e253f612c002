// `npm start` entry point. Plain JavaScript on purpose: it may run on whatever Node is on PATH before the
// project's dependencies (and with them Node 24) are installed. It installs them when node_modules is
// missing or older than package-lock.json, then runs start.ts on the project's Node, passing signals on.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { installIsCurrent, projectRoot } from '../launch/project-install.mjs';
import { runOnProjectNode } from '../launch/run-on-project-node.mjs';

if (!installIsCurrent()) {
  process.stdout.write('[start] node_modules is missing or out of date: running npm ci\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const install = spawnSync(npm, ['ci'], { cwd: projectRoot, stdio: 'inherit' });
  if (install.status !== 0) {
    process.stderr.write('[start] npm ci failed (see above)\n');
    process.exit(install.status ?? 1);
  }
}
runOnProjectNode(join(projectRoot, 'tools', 'start', 'start.ts'), process.argv.slice(2), [
  '--disable-warning=TimeoutNegativeWarning',
]);
