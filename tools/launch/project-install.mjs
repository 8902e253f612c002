// The project's own install: node_modules as package-lock.json asks for it, Node 24 included (the npm
// registry's `node` package puts it in node_modules/.bin). Plain JavaScript on purpose: the launchers of
// `npm start` and `npm test` import it on whatever Node is on PATH, before that install exists.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The Node binary the project installs for itself. */
export function projectNode(directory = projectRoot) {
  return join(directory, 'node_modules', '.bin', process.platform === 'win32' ? 'node.cmd' : 'node');
}

/** Whether `directory`'s node_modules holds what its package-lock.json asks for, Node included. */
export function installIsCurrent(directory = projectRoot) {
  const lockFile = join(directory, 'package-lock.json');
  // npm writes this record of what it installed into node_modules after every install.
  const installedFile = join(directory, 'node_modules', '.package-lock.json');
  if (!existsSync(installedFile) || !existsSync(projectNode(directory))) return false;
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
