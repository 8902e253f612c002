// Reads versions.env, the one place where the project's platform versions are pinned.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface PinnedVersions {
  readonly KAFKA_VERSION: string;
  readonly SCALA_VERSION: string;
  readonly NODE_VERSION: string;
  readonly DEBIAN_SUITE: string;
  readonly STRIMZI_VERSION: string;
}

const REQUIRED = ['KAFKA_VERSION', 'SCALA_VERSION', 'NODE_VERSION', 'DEBIAN_SUITE', 'STRIMZI_VERSION'] as const;

/** The repository root: the nearest folder above `from` that holds versions.env. */
export function findRepoRoot(from: string = process.cwd()): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'versions.env'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`versions.env not found in ${from} or any folder above it`);
    dir = parent;
  }
}

export function parseEnvFile(text: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) entries[match[1]] = match[2].trim();
  }
  return entries;
}

export function readPinnedVersions(root: string = findRepoRoot()): PinnedVersions {
  const entries = parseEnvFile(readFileSync(join(root, 'versions.env'), 'utf8'));
  for (const key of REQUIRED) {
    if (!entries[key]) throw new Error(`versions.env: ${key} is missing`);
  }
  return entries as unknown as PinnedVersions;
}
