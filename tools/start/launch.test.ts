// What npm start's launcher (and npm test's) decide before running: is node_modules current, or is npm ci due?
import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installIsCurrent } from '../launch/project-install.mjs';

function project(wanted: Record<string, object>, installed: Record<string, object> | undefined, lockIsNewer: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'launch-'));
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  writeFileSync(join(dir, 'node_modules', '.bin', 'node'), '');
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ packages: { '': {}, ...wanted } }));
  if (installed) {
    const file = join(dir, 'node_modules', '.package-lock.json');
    writeFileSync(file, JSON.stringify({ packages: installed }));
    const lockTime = new Date(2026, 0, lockIsNewer ? 2 : 1);
    const installTime = new Date(2026, 0, lockIsNewer ? 1 : 2);
    utimesSync(join(dir, 'package-lock.json'), lockTime, lockTime);
    utimesSync(file, installTime, installTime);
  }
  return dir;
}

describe('installIsCurrent', () => {
  const lock = {
    'node_modules/zod': { version: '4.6.7' },
    'node_modules/fsevents': { version: '2.3.3', optional: true },
  };

  it('is false without an install', () => {
    expect(installIsCurrent(project(lock, undefined, false))).toBe(false);
  });

  it('is true when the install is newer than the lock file', () => {
    expect(installIsCurrent(project(lock, {}, false))).toBe(true);
  });

  it('compares versions when the lock file is newer, ignoring optional packages', () => {
    expect(installIsCurrent(project(lock, { 'node_modules/zod': { version: '4.6.7' } }, true))).toBe(true);
    expect(installIsCurrent(project(lock, { 'node_modules/zod': { version: '4.5.0' } }, true))).toBe(false);
    expect(installIsCurrent(project(lock, {}, true))).toBe(false);
  });
});
