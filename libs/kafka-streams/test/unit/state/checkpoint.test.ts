import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { TopicPartitionMap } from '../../../src/internal/topic-partition-map.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  CHECKPOINT_FILE,
  deleteCheckpoint,
  readCheckpoint,
  writeCheckpoint,
} from '../../../src/internal/state/checkpoint.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'checkpoint-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('task checkpoint', () => {
  it('round-trips changelog offsets, including ones beyond 2^53', async () => {
    const offsets = TopicPartitionMap.fromLabels(
      new Map([
        ['app-counts-changelog:3', 42n],
        ['app-big-changelog:0', 9_007_199_254_740_993n],
      ]),
    );
    await writeCheckpoint(dir, offsets);
    expect(await readCheckpoint(dir)).toEqual({ status: 'valid', offsets });
  });

  it('reports a missing checkpoint, and a deleted one', async () => {
    expect(await readCheckpoint(dir)).toEqual({ status: 'missing' });
    await writeCheckpoint(dir, TopicPartitionMap.fromLabels(new Map([['t:0', 1n]])));
    await deleteCheckpoint(dir);
    expect(await readCheckpoint(dir)).toEqual({ status: 'missing' });
  });

  it.each([
    ['not JSON', '{"version":1,'],
    ['another version', '{"version":9,"offsets":{}}'],
    ['a bad offset', '{"version":1,"offsets":{"t:0":"-1"}}'],
  ])('reports a corrupt checkpoint: %s', async (_what, body) => {
    await writeFile(join(dir, CHECKPOINT_FILE), body);
    expect(await readCheckpoint(dir)).toMatchObject({ status: 'corrupt' });
  });
});
