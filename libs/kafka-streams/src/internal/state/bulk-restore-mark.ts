// The mark a task directory carries while its stores bulk-load a restore (see BulkLoading in state/stores.ts):
// their writes may not survive a crash of the machine until the restore ends, whatever the checkpoint says, so a
// task found marked is wiped and restored in full.
import { access, open, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const BULK_RESTORE_MARK = '.bulk-restore';

/** Marks the directory, durably: the mark is on disk before any write that needs it. */
export async function markBulkRestore(taskDirectory: string): Promise<void> {
  const file = join(taskDirectory, BULK_RESTORE_MARK);
  await writeFile(file, '', { flush: true });
  const directory = await open(taskDirectory, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

/** Removes the mark once the stores' writes are on disk. */
export async function clearBulkRestoreMark(taskDirectory: string): Promise<void> {
  await rm(join(taskDirectory, BULK_RESTORE_MARK), { force: true });
}

export async function hasBulkRestoreMark(taskDirectory: string): Promise<boolean> {
  try {
    await access(join(taskDirectory, BULK_RESTORE_MARK));
    return true;
  } catch {
    return false;
  }
}
