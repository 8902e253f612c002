// `npm test` and `npm run test:<project>` entry point. Plain JavaScript on purpose: it may run on whatever
// Node is on PATH before the project's dependencies (and with them Node 24) are installed. It installs them
// when node_modules is missing or out of date, in one line (npm's output goes to .local/test/dependencies.log,
// shown only if it fails), then runs run.ts on the project's Node for the rest: set-up, checks, Jest.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { installIsCurrent, projectNode, projectRoot } from '../launch/project-install.mjs';
import { runOnProjectNode } from '../launch/run-on-project-node.mjs';

function say(text) {
  process.stdout.write(`[test] ${text}\n`);
}

function installDependencies() {
  if (installIsCurrent()) {
    say('dependencies: skipped: node_modules matches package-lock.json');
    return;
  }
  const directory = join(projectRoot, '.local', 'test');
  mkdirSync(directory, { recursive: true });
  const log = join(directory, 'dependencies.log');
  const shownLog = relative(projectRoot, log);
  const output = openSync(log, 'w');
  const started = Date.now();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const install = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], {
    cwd: projectRoot,
    stdio: ['ignore', output, output],
  });
  closeSync(output);
  const seconds = Math.round((Date.now() - started) / 1000);
  if (install.status !== 0) {
    const reason = install.error?.message ?? `exit status ${install.status ?? install.signal}`;
    say(`dependencies: failed: npm ci (${reason}) (log: ${shownLog})`);
    const tail = readFileSync(log, 'utf8').trimEnd().split('\n').slice(-30).join('\n');
    process.stdout.write(`---- last lines of ${shownLog} ----\n${tail}\n----\n`);
    process.exit(1);
  }
  const node = spawnSync(projectNode(), ['--version'], { encoding: 'utf8' }).stdout?.trim() || 'Node';
  say(`dependencies: npm ci installed node_modules, ${node} included (${seconds}s)`);
}

installDependencies();
runOnProjectNode(join(projectRoot, 'tools', 'test', 'run.ts'), process.argv.slice(2), [
  '--disable-warning=TimeoutNegativeWarning',
]);
