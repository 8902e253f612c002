// Before time segments, a persistent window or session store mirrored its entries to a LevelDB database in its
// directory, keyed by their changelog keys. A store opened on such a directory imports those entries once (a
// checkpoint may say they need no restore) and deletes the LevelDB files.
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';

const LEVELDB_FILE = /^(CURRENT|LOCK|LOG|LOG\.old|MANIFEST-\d+|\d+\.(ldb|log|sst))$/;

/** The old mirror's entries (changelog key, value); nothing when there is none. */
export async function* readLegacyMirror(directory: string): AsyncGenerator<[Buffer, Buffer], void, undefined> {
  if (!existsSync(join(directory, 'CURRENT'))) return;
  const db = new ClassicLevel<Buffer, Buffer>(directory, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
  await db.open({ createIfMissing: false });
  try {
    for await (const entry of db.iterator()) yield entry;
  } finally {
    await db.close();
  }
}

/** Deletes the old mirror's files, once its entries are safely in the segments. */
export async function removeLegacyMirror(directory: string): Promise<void> {
  for (const file of await readdir(directory)) {
    if (LEVELDB_FILE.test(file)) await rm(join(directory, file), { force: true });
  }
}
