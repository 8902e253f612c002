// A task's checkpoint: the changelog offsets its persistent stores are known to contain, written after the
// stores are flushed (on commit and on clean close). On start, a valid checkpoint means "restore only what
// comes after these offsets"; a missing or unreadable one means "restore everything".
import { readFileSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  parseTopicPartitionLabel,
  type ReadonlyTopicPartitionMap,
  topicPartitionLabel,
  TopicPartitionMap,
} from '../topic-partition-map.js';

export const CHECKPOINT_FILE = '.checkpoint';
const FORMAT_VERSION = 1;

/** Changelog partition → the next offset to restore from (the file labels them "<topic>:<partition>"). */
export type ChangelogOffsets = ReadonlyTopicPartitionMap<bigint>;

export type CheckpointRead =
  | { readonly status: 'valid'; readonly offsets: ChangelogOffsets }
  | { readonly status: 'missing' }
  | { readonly status: 'corrupt'; readonly reason: string };

export async function writeCheckpoint(taskDirectory: string, offsets: ChangelogOffsets): Promise<void> {
  const file = join(taskDirectory, CHECKPOINT_FILE);
  const body = JSON.stringify({
    version: FORMAT_VERSION,
    offsets: Object.fromEntries([...offsets].map(([tp, offset]) => [topicPartitionLabel(tp), offset.toString()])),
  });
  // Write-then-rename: a crash leaves either the old checkpoint or the new one, never half of one.
  await writeFile(`${file}.tmp`, body);
  await rename(`${file}.tmp`, file);
}

export async function readCheckpoint(taskDirectory: string): Promise<CheckpointRead> {
  let text: string;
  try {
    text = await readFile(join(taskDirectory, CHECKPOINT_FILE), 'utf8');
  } catch {
    return { status: 'missing' };
  }
  return parseCheckpoint(text);
}

/** The same, blocking: for callers that must answer synchronously (a group member's subscription). */
export function readCheckpointSync(taskDirectory: string): CheckpointRead {
  let text: string;
  try {
    text = readFileSync(join(taskDirectory, CHECKPOINT_FILE), 'utf8');
  } catch {
    return { status: 'missing' };
  }
  return parseCheckpoint(text);
}

function parseCheckpoint(text: string): CheckpointRead {
  try {
    const parsed = JSON.parse(text) as { version?: unknown; offsets?: unknown };
    if (parsed.version !== FORMAT_VERSION)
      return { status: 'corrupt', reason: `unknown version ${String(parsed.version)}` };
    if (typeof parsed.offsets !== 'object' || parsed.offsets === null)
      return { status: 'corrupt', reason: 'no offsets' };
    const offsets = new TopicPartitionMap<bigint>();
    for (const [tp, offset] of Object.entries(parsed.offsets)) {
      if (typeof offset !== 'string' || !/^\d+$/.test(offset))
        return { status: 'corrupt', reason: `bad offset for ${tp}` };
      offsets.set(parseTopicPartitionLabel(tp), BigInt(offset));
    }
    return { status: 'valid', offsets };
  } catch (error) {
    return { status: 'corrupt', reason: (error as Error).message };
  }
}

/** Deleted before processing starts under exactly-once or after a dirty close: the stores may be ahead of it. */
export async function deleteCheckpoint(taskDirectory: string): Promise<void> {
  await rm(join(taskDirectory, CHECKPOINT_FILE), { force: true });
}
