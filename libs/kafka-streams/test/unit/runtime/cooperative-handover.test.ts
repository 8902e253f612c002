// The cooperative protocol's rule for the leader: a partition another member owns is withheld from its new owner
// until the owner revoked it (the follow-up rebalance), so no partition is read by two members at a time.
import { describe, expect, it } from '@jest/globals';
import { type Handover, withholdOwnedByOthers } from '../../../src/internal/assignment/cooperative-handover.js';
import { decodeAssignmentInfo, encodeSubscriptionInfo } from '../../../src/internal/assignment/assignment-info.js';
import { TaskAssignor } from '../../../src/internal/assignment/task-assignor.js';
import type { GroupMember, MemberAssignment } from '../../../src/internal/client/types.js';
import type { TopicPartition } from '../../../src/runtime/topic-partition.js';

const tp = (partition: number, topic = 'in'): TopicPartition => ({ topic, partition });
const labels = (partitions: ReadonlyArray<TopicPartition> | undefined) =>
  (partitions ?? []).map(({ topic, partition }) => `${topic}-${partition}`).sort();
const desired = (entries: Record<string, TopicPartition[]>): Map<string, MemberAssignment> =>
  new Map(Object.entries(entries).map(([memberId, partitions]) => [memberId, { partitions }]));

describe('withholdOwnedByOthers', () => {
  it('keeps what a member owns and withholds what another member still owns', () => {
    const { assignments, withheld } = withholdOwnedByOthers(desired({ a: [tp(0), tp(1)], b: [tp(2), tp(3)] }), [
      { memberId: 'a', generationId: 4, ownedPartitions: [tp(0), tp(1), tp(2), tp(3)] },
      { memberId: 'b', generationId: -1, ownedPartitions: [] },
    ]);
    expect(labels(assignments.get('a')?.partitions)).toEqual(['in-0', 'in-1']);
    expect(labels(assignments.get('b')?.partitions)).toEqual([]);
    expect(labels(withheld.get('b'))).toEqual(['in-2', 'in-3']);
    expect(withheld.has('a')).toBe(false);
  });

  it('hands over at once what nobody owns (revoked already, or its owner left the group)', () => {
    const { assignments, withheld } = withholdOwnedByOthers(desired({ a: [tp(0), tp(1)], b: [tp(2), tp(3)] }), [
      { memberId: 'a', generationId: 5, ownedPartitions: [tp(0), tp(1)] },
      { memberId: 'b', generationId: -1, ownedPartitions: [] },
    ]);
    expect(labels(assignments.get('b')?.partitions)).toEqual(['in-2', 'in-3']);
    expect(withheld.size).toBe(0);
  });

  it('keeps the user data of every member, withheld partitions or not', () => {
    const { assignments } = withholdOwnedByOthers(
      new Map([['b', { partitions: [tp(0)], userData: Buffer.from('standbys') }]]),
      [{ memberId: 'a', generationId: 3, ownedPartitions: [tp(0)] }],
    );
    expect(assignments.get('b')).toEqual({ partitions: [], userData: Buffer.from('standbys') });
  });

  it('counts only the claims of the newest generation: an older one is a member that missed a rebalance', () => {
    const { assignments } = withholdOwnedByOthers(desired({ a: [tp(0)], b: [] }), [
      { memberId: 'a', generationId: 7, ownedPartitions: [tp(0)] },
      { memberId: 'b', generationId: 6, ownedPartitions: [tp(0)] },
    ]);
    expect(labels(assignments.get('a')?.partitions)).toEqual(['in-0']);
  });

  it('withholds a partition two members claim in the same generation from both, until both gave it up', () => {
    const { assignments, withheld } = withholdOwnedByOthers(desired({ a: [tp(0)], b: [], c: [] }), [
      { memberId: 'a', generationId: 7, ownedPartitions: [tp(0)] },
      { memberId: 'b', generationId: 7, ownedPartitions: [tp(0)] },
    ]);
    expect(labels(assignments.get('a')?.partitions)).toEqual([]);
    expect(labels(withheld.get('a'))).toEqual(['in-0']);
  });
});

describe('a scale-out with the task assignor, in two cooperative rebalances', () => {
  // One stateful sub-topology on a 4-partition input: tasks 0_0..0_3, each with a changelog partition of 100 records.
  const assignor = new TaskAssignor(() => [{ id: 0, sourceTopics: ['in'] }], {
    changelogTopics: () => ['app-store-changelog'],
    offsetRanges: async (partitions) =>
      new Map(partitions.map((p) => [`${p.topic}:${p.partition}`, { earliest: 0n, end: 100n }])),
  });
  const member = (memberId: string, activeTasks: string[]): GroupMember => ({
    memberId,
    topics: ['in'],
    userData: encodeSubscriptionInfo({ activeTasks }),
  });
  const partitionsPerTopic = new Map([['in', 4]]);

  it('leaves the tasks that stay where they are and hands the others over in the follow-up rebalance', async () => {
    // Round 1: a runs every task, b joins with none.
    const first = await assignor.assign({
      members: [member('a', ['0_0', '0_1', '0_2', '0_3']), member('b', [])],
      partitionsPerTopic,
    });
    const meantForB = labels(first.get('b')?.partitions);
    expect(meantForB).toHaveLength(2);
    const round1 = withholdOwnedByOthers(first, [
      { memberId: 'a', generationId: 1, ownedPartitions: [tp(0), tp(1), tp(2), tp(3)] },
      { memberId: 'b', generationId: -1, ownedPartitions: [] },
    ]);
    const keptByA = round1.assignments.get('a')!.partitions;
    expect(keptByA).toHaveLength(2);
    expect(round1.assignments.get('b')!.partitions).toEqual([]);
    expect(labels(round1.withheld.get('b'))).toEqual(meantForB);

    // Round 2: a revoked the other two and owns only what it kept; b claims what it was meant to run (its
    // assignment's activeTasks: see StreamThread.promised), so it gets it, and a keeps its own: nothing is withheld.
    const second = await assignor.assign({
      members: [member('a', kept('a', round1)), member('b', promisedTo(first, 'b'))],
      partitionsPerTopic,
    });
    const round2 = withholdOwnedByOthers(second, [
      { memberId: 'a', generationId: 2, ownedPartitions: keptByA },
      { memberId: 'b', generationId: 2, ownedPartitions: [] },
    ]);
    expect(round2.withheld.size).toBe(0);
    expect(labels(round2.assignments.get('a')?.partitions)).toEqual(labels(keptByA));
    expect(labels(round2.assignments.get('b')?.partitions)).toEqual(meantForB);
  });
});

/** The tasks the assignment meant `memberId` to run (its user data's activeTasks), withheld partitions included. */
function promisedTo(assignments: ReadonlyMap<string, MemberAssignment>, memberId: string): string[] {
  return [...(decodeAssignmentInfo(assignments.get(memberId)!.userData!).activeTasks ?? [])];
}

/** The tasks of the partitions `memberId` kept (one input topic: task 0_<partition>). */
function kept(memberId: string, handover: Handover): string[] {
  return handover.assignments.get(memberId)!.partitions.map((p) => `0_${p.partition}`);
}

describe('a failover with standby copies, in cooperative rebalances', () => {
  // Seen on the broker: after one of three instances died, its two survivors swapped two tasks at every rebalance,
  // for good, while the task the leader withheld was claimed by its previous owner in the follow-up.
  const END = 100n;
  const assignor = new TaskAssignor(() => [{ id: 0, sourceTopics: ['in'] }], {
    changelogTopics: () => ['app-store-changelog'],
    offsetRanges: async (partitions) =>
      new Map(partitions.map((p) => [`${p.topic}:${p.partition}`, { earliest: 0n, end: END }])),
    numStandbyReplicas: 1,
    acceptableRecoveryLag: 0,
  });
  const copies = (...tasks: string[]) =>
    new Map(tasks.map((task) => [task, new Map([[`app-store-changelog:${task.slice(2)}`, END]])]));
  const member = (memberId: string, activeTasks: string[], taskOffsets = copies()): GroupMember => ({
    memberId,
    topics: ['in'],
    userData: encodeSubscriptionInfo({ activeTasks, taskOffsets }),
  });
  const partitionsPerTopic = new Map([['in', 4]]);
  const owned = (memberId: string, generationId: number, tasks: string[]) => ({
    memberId,
    generationId,
    ownedPartitions: tasks.map((task) => tp(Number(task.slice(2)))),
  });

  it('places the withheld task with the member it was meant for, and then nothing moves', async () => {
    // a runs 0_1 and keeps standby copies of the dead member's 0_2 and 0_3; b runs 0_0 and keeps a copy of 0_1.
    const first = await assignor.assign({
      members: [member('a', ['0_1'], copies('0_2', '0_3')), member('b', ['0_0'], copies('0_1'))],
      partitionsPerTopic,
    });
    const round1 = withholdOwnedByOthers(first, [owned('a', 5, ['0_1']), owned('b', 5, ['0_0'])]);
    const meantForB = promisedTo(first, 'b');
    expect(labels(round1.withheld.get('b'))).toEqual(['in-1']);

    // a gave 0_1 up (its copy stays on disk); b's copy of 0_1 was dropped when it was to run it.
    const second = await assignor.assign({
      members: [member('a', kept('a', round1), copies('0_1')), member('b', meantForB)],
      partitionsPerTopic,
    });
    const round2 = withholdOwnedByOthers(second, [owned('a', 6, kept('a', round1)), owned('b', 6, kept('b', round1))]);
    expect(round2.withheld.size).toBe(0);
    expect(promisedTo(second, 'b')).toEqual(meantForB);
    expect(promisedTo(second, 'a')).toEqual(promisedTo(first, 'a'));
  });
});
