import { describe, expect, it } from '@jest/globals';
import { rangesFromReports, taskLag, type MemberState } from '../../../src/internal/assignment/task-lags.js';

const ranges = new Map([
  ['app-a-changelog:1', { earliest: 0n, end: 1_000n }],
  ['app-b-changelog:1', { earliest: 200n, end: 500n }],
]);
const changelogs = ['app-a-changelog:1', 'app-b-changelog:1'];
const member = (offsets: Record<string, bigint>, active: string[] = []): MemberState => ({
  activeTasks: new Set(active),
  taskOffsets: new Map([['1_1', new Map(Object.entries(offsets))]]),
});

describe('taskLag', () => {
  it('sums what each changelog partition has beyond the copy', () => {
    expect(taskLag(member({ 'app-a-changelog:1': 900n, 'app-b-changelog:1': 450n }), '1_1', changelogs, ranges)).toBe(
      150,
    );
  });

  it('is zero for a task the member runs, whatever its checkpoint says', () => {
    expect(taskLag(member({}, ['1_1']), '1_1', changelogs, ranges)).toBe(0);
  });

  it('counts a partition in full when there is no offset, or one the changelog cannot have', () => {
    const full = 1_000 + 300;
    expect(taskLag(member({}), '2_0', changelogs, ranges)).toBe(full); // no copy of that task
    expect(taskLag(member({ 'app-a-changelog:1': 1_000n }), '1_1', changelogs, ranges)).toBe(300);
    // beyond the end: the changelog was re-created, the copy is wiped and restored from scratch
    expect(taskLag(member({ 'app-a-changelog:1': 5_000n, 'app-b-changelog:1': 500n }), '1_1', changelogs, ranges)).toBe(
      1_000,
    );
    // before the earliest offset (deleted by retention): restore starts at the earliest
    expect(taskLag(member({ 'app-a-changelog:1': 1_000n, 'app-b-changelog:1': 10n }), '1_1', changelogs, ranges)).toBe(
      300,
    );
  });
});

describe('rangesFromReports', () => {
  it('takes the furthest offset any member reported as the end', () => {
    const estimated = rangesFromReports([
      member({ 'app-a-changelog:1': 900n }),
      member({ 'app-a-changelog:1': 950n, 'app-b-changelog:1': 10n }),
    ]);
    expect(estimated).toEqual(
      new Map([
        ['app-a-changelog:1', { earliest: 0n, end: 950n }],
        ['app-b-changelog:1', { earliest: 0n, end: 10n }],
      ]),
    );
  });
});
