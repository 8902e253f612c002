// The Quix Streams contender's Python: a virtual environment under .local/bench/venv with the pinned quixstreams
// from PyPI, created once (and re-installed when the pin changes).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const QUIXSTREAMS_VERSION = '3.28.1';

/** The venv's python, installing the pinned quixstreams first if it is not there. */
export function quixPython(root: string, log: (line: string) => void): string {
  const venv = join(root, '.local', 'bench', 'venv');
  const python = join(venv, 'bin', 'python');
  const installed = () =>
    existsSync(python) &&
    spawnSync(python, ['-c', 'import quixstreams; print(quixstreams.__version__)'], {
      encoding: 'utf8',
    }).stdout.trim() === QUIXSTREAMS_VERSION;
  if (installed()) return python;
  log(`  installing quixstreams ${QUIXSTREAMS_VERSION} into .local/bench/venv (once)`);
  if (!existsSync(python)) {
    const created = spawnSync('python3', ['-m', 'venv', venv], { encoding: 'utf8' });
    if (created.status !== 0) throw new Error(`python3 -m venv failed: ${created.stderr}`);
  }
  const pip = spawnSync(python, ['-m', 'pip', 'install', '-q', `quixstreams==${QUIXSTREAMS_VERSION}`], {
    encoding: 'utf8',
  });
  if (pip.status !== 0 || !installed()) throw new Error(`pip install failed: ${pip.stderr.slice(-2_000)}`);
  return python;
}
