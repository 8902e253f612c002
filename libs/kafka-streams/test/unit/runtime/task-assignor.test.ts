import { describe, expect, it } from '@jest/globals';
import type { GroupMember, MemberAssignment } from '../../../src/internal/client/types.js';
import type { TopicPartition } from '../../../src/runtime/topic-partition.js';
import {
  decodeAssignmentInfo,
  decodeSubscriptionInfo,
  encodeSubscriptionInfo,
} from '../../../src/internal/assignment/assignment-info.js';
import { RecordingLogger } from '../../../src/testing/recording-logger.js';
import { TaskAssignor } from '../../../src/internal/assignment/task-assignor.js';

// Sub-topology 0 reads a 4-partition input, sub-topology 1 a 4-partition repartition topic: 8 tasks.
const subtopologies = [
  { id: 0, sourceTopics: ['in'] },
  { id: 1, sourceTopics: ['app-words-repartition'] },
];
const partitionsPerTopic = new Map([
  ['in', 4],
  ['app-words-repartition', 4],
]);
const member = (memberId: string, applicationServer?: string): GroupMember => ({
  memberId,
  topics: ['in', 'app-words-repartition'],
  userData: encodeSubscriptionInfo(applicationServer ? { applicationServer } : {}),
});

describe('TaskAssignor', () => {
  it("sends this member's applicationServer with the subscription", () => {
    const assignor = new TaskAssignor(() => subtopologies, { applicationServer: 'wc-0.wc:8080' });
    expect(decodeSubscriptionInfo(assignor.subscriptionUserData())).toEqual({ applicationServer: 'wc-0.wc:8080' });
    expect(decodeSubscriptionInfo(new TaskAssignor(() => subtopologies).subscriptionUserData())).toEqual({});
  });

  it('gives every member the same host → tasks map, matching the partitions each member got', async () => {
    const assignor = new TaskAssignor(() => subtopologies);
    const assignments = await assignor.assign({
      members: [member('m-b', 'b:2'), member('m-a', 'a:1')],
      partitionsPerTopic,
    });
    const maps = [...assignments.values()].map((a) => decodeAssignmentInfo(a.userData!));
    expect(maps[0]!.hosts).toEqual(maps[1]!.hosts);
    const hosts = new Map(maps[0]!.hosts.map((h) => [h.host, h]));
    expect([...hosts.keys()]).toEqual(['a:1', 'b:2']);
    for (const [memberId, host] of [
      ['m-a', 'a:1'],
      ['m-b', 'b:2'],
    ] as const) {
      const tasks = hosts.get(host)!.activeTasks;
      // Whole tasks: task s_p means partition p of sub-topology s's source topic.
      const expected = tasks
        .map((id) => id.split('_').map(Number) as [number, number])
        .map(([s, p]) => `${subtopologies[s]!.sourceTopics[0]}:${p}`)
        .sort();
      const assigned = assignments
        .get(memberId)!
        .partitions.map((tp) => `${tp.topic}:${tp.partition}`)
        .sort();
      expect(assigned).toEqual(expected);
      // Its own tasks, also in its assignment (claimed in a follow-up rebalance if some were withheld).
      expect(decodeAssignmentInfo(assignments.get(memberId)!.userData!).activeTasks).toEqual(tasks);
      expect(tasks).toHaveLength(4); // balanced
      expect(hosts.get(host)!.standbyTasks).toEqual([]);
    }
    expect(new Set([...hosts.values()].flatMap((h) => h.activeTasks)).size).toBe(8);
  });

  it('lists hosts without tasks (they still serve global stores) and leaves out members without a host', async () => {
    const logger = new RecordingLogger();
    const unreadable: GroupMember = { memberId: 'm-x', topics: ['in'], userData: Buffer.from([1, 0x7b]) };
    const assignments = await new TaskAssignor(() => [{ id: 0, sourceTopics: ['in'] }], { logger }).assign({
      members: [member('m-a', 'a:1'), member('m-b'), unreadable, member('m-c', 'c:3'), member('m-d', 'd:4')],
      partitionsPerTopic: new Map([['in', 2]]),
    });
    const { hosts } = decodeAssignmentInfo(assignments.get('m-b')!.userData!);
    // Nobody holds anything: tasks go to members in id order, m-a, m-b, m-c, m-d, m-x: 0_0 → m-a, 0_1 → m-b (no host).
    expect(hosts).toEqual([
      { host: 'a:1', activeTasks: ['0_0'], standbyTasks: [] },
      { host: 'c:3', activeTasks: [], standbyTasks: [] },
      { host: 'd:4', activeTasks: [], standbyTasks: [] },
    ]);
    expect(assignments.get('m-b')!.partitions).toEqual([{ topic: 'in', partition: 1 }]);
    expect(logger.entries.some((e) => e.level === 'warn' && e.fields.memberId === 'm-x')).toBe(true);
  });

  it('merges members that share a host', async () => {
    const assignments = await new TaskAssignor(() => [{ id: 0, sourceTopics: ['in'] }]).assign({
      members: [member('m-1', 'a:1'), member('m-2', 'a:1')],
      partitionsPerTopic: new Map([['in', 2]]),
    });
    expect(decodeAssignmentInfo(assignments.get('m-1')!.userData!).hosts).toEqual([
      { host: 'a:1', activeTasks: ['0_0', '0_1'], standbyTasks: [] },
    ]);
  });
});

describe('TaskAssignor with state', () => {
  const CHANGELOG = 'app-counts-changelog';
  const changelogTopics = (subtopology: number) => (subtopology === 1 ? [CHANGELOG] : []);
  // Each changelog partition holds 100 records.
  const offsetRanges = async (partitions: ReadonlyArray<TopicPartition>) =>
    new Map(partitions.map((p) => [`${p.topic}:${p.partition}`, { earliest: 0n, end: 100n }]));
  const stateful = (
    memberId: string,
    host: string,
    activeTasks: string[],
    copies: Record<string, bigint> = {},
  ): GroupMember => ({
    memberId,
    topics: ['in', 'app-words-repartition'],
    userData: encodeSubscriptionInfo({
      applicationServer: host,
      activeTasks,
      taskOffsets: new Map(
        Object.entries(copies).map(([task, offset]) => [task, new Map([[`${CHANGELOG}:${task.slice(2)}`, offset]])]),
      ),
    }),
  });
  const tasksOf = (assignment: MemberAssignment | undefined) =>
    (assignment?.partitions ?? []).map(({ topic, partition }) => `${topic === 'in' ? 0 : 1}_${partition}`).sort();

  it("sends this member's running tasks, the changelog offsets of its copies and its rebalance requests", () => {
    const assignor = new TaskAssignor(() => subtopologies, {
      localState: () => ({
        activeTasks: new Set(['1_1']),
        taskOffsets: new Map([['1_0', new Map([[`${CHANGELOG}:0`, 42n]])]]),
      }),
    });
    assignor.requestRebalance();
    expect(decodeSubscriptionInfo(assignor.subscriptionUserData())).toEqual({
      activeTasks: ['1_1'],
      taskOffsets: new Map([['1_0', new Map([[`${CHANGELOG}:0`, 42n]])]]),
      rebalanceRequests: 1,
    });
  });

  it('gives a restarted member the tasks it has checkpoints for, and standby tasks to the others', async () => {
    const assignor = new TaskAssignor(() => subtopologies, { changelogTopics, offsetRanges, numStandbyReplicas: 1 });
    const assignments = await assignor.assign({
      members: [
        stateful('m-b', 'b:2', ['0_0', '0_1', '0_2', '0_3', '1_0', '1_1', '1_2', '1_3']),
        stateful('m-a', 'a:1', [], { '1_1': 98n, '1_3': 100n }),
      ],
      partitionsPerTopic,
    });
    expect(tasksOf(assignments.get('m-a')).filter((t) => t.startsWith('1_'))).toEqual(['1_1', '1_3']);
    expect(tasksOf(assignments.get('m-b')).filter((t) => t.startsWith('1_'))).toEqual(['1_0', '1_2']);
    const ofA = decodeAssignmentInfo(assignments.get('m-a')!.userData!);
    const ofB = decodeAssignmentInfo(assignments.get('m-b')!.userData!);
    expect(ofA.standbyTasks).toEqual(['1_0', '1_2']);
    expect(ofB.standbyTasks).toEqual(['1_1', '1_3']);
    expect(ofA.followupRebalanceMs).toBeUndefined();
    expect(ofA.hosts).toEqual(ofB.hosts);
    expect(ofA.hosts.find((h) => h.host === 'a:1')!.standbyTasks).toEqual(['1_0', '1_2']);
  });

  it('asks for a follow-up rebalance while a joining member warms a copy up', async () => {
    const assignor = new TaskAssignor(() => subtopologies, {
      changelogTopics,
      offsetRanges,
      acceptableRecoveryLag: 10,
      probingRebalanceIntervalMs: 5_000,
    });
    const assignments = await assignor.assign({
      members: [
        stateful('m-a', 'a:1', ['0_0', '0_1', '0_2', '0_3', '1_0', '1_1', '1_2', '1_3']),
        stateful('m-c', 'c:3', []),
      ],
      partitionsPerTopic,
    });
    const ofC = decodeAssignmentInfo(assignments.get('m-c')!.userData!);
    expect(tasksOf(assignments.get('m-c')).every((t) => t.startsWith('0_'))).toBe(true);
    expect(ofC.warmupTasks).toHaveLength(2);
    expect(ofC.standbyTasks).toEqual(ofC.warmupTasks);
    expect(ofC.followupRebalanceMs).toBe(5_000);
  });

  it('estimates lags from the members’ reports when the changelog offsets cannot be fetched', async () => {
    const logger = new RecordingLogger();
    const assignor = new TaskAssignor(() => subtopologies, {
      changelogTopics,
      offsetRanges: () => Promise.reject(new Error('broker unreachable')),
      logger,
    });
    // Both instances restarted: each has recent copies of two tasks and old copies of the other two.
    const assignments = await assignor.assign({
      members: [
        stateful('m-b', 'b:2', [], { '1_0': 100n, '1_1': 20n, '1_2': 100n, '1_3': 20n }),
        stateful('m-a', 'a:1', [], { '1_0': 10n, '1_1': 100n, '1_2': 10n, '1_3': 100n }),
      ],
      partitionsPerTopic,
    });
    expect(tasksOf(assignments.get('m-a')).filter((t) => t.startsWith('1_'))).toEqual(['1_1', '1_3']);
    expect(tasksOf(assignments.get('m-b')).filter((t) => t.startsWith('1_'))).toEqual(['1_0', '1_2']);
    expect(logger.entries.some((e) => e.level === 'warn' && /end offsets/.test(e.message))).toBe(true);
  });
});
