import { afterEach, describe, expect, it } from '@jest/globals';
import { TopicPartitionMap } from '../../../src/internal/topic-partition-map.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localTaskState } from '../../../src/internal/assignment/local-task-state.js';
import { writeCheckpoint } from '../../../src/internal/state/checkpoint.js';

describe('localTaskState', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('reports running tasks, checkpointed copies on disk and live standby positions', async () => {
    const app = mkdtempSync(join(tmpdir(), 'local-state-'));
    dirs.push(app);
    const task = (id: string) => {
      mkdirSync(join(app, id));
      return join(app, id);
    };
    await writeCheckpoint(task('1_0'), TopicPartitionMap.fromLabels(new Map([['app-c-changelog:0', 40n]]))); // no longer assigned, not cleaned
    await writeCheckpoint(task('1_1'), TopicPartitionMap.fromLabels(new Map([['app-c-changelog:1', 7n]]))); // running: reported as running only
    await writeCheckpoint(task('1_2'), TopicPartitionMap.fromLabels(new Map([['app-c-changelog:2', 3n]]))); // standby: its live position wins
    writeFileSync(join(task('1_3'), '.checkpoint'), '{broken'); // unreadable: no copy
    task('0_0'); // a task without a checkpoint
    mkdirSync(join(app, 'global')); // global stores are not tasks

    const state = localTaskState({
      applicationDirectory: app,
      runningTasks: () => ['0_1', '1_1'],
      standbyOffsets: () => new Map([['1_2', new Map([['app-c-changelog:2', 90n]])]]),
    });
    expect(state.activeTasks).toEqual(new Set(['0_1', '1_1']));
    expect(state.taskOffsets).toEqual(
      new Map([
        ['1_0', new Map([['app-c-changelog:0', 40n]])],
        ['1_2', new Map([['app-c-changelog:2', 90n]])],
      ]),
    );
  });

  it('reports no state when the state directory does not exist yet', () => {
    const state = localTaskState({
      applicationDirectory: join(tmpdir(), 'does-not-exist-streamkit'),
      runningTasks: () => [],
      standbyOffsets: () => new Map(),
    });
    expect(state).toEqual({ activeTasks: new Set(), taskOffsets: new Map() });
  });
});
