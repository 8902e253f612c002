import { describe, expect, it } from '@jest/globals';
import type { GroupMember } from '../../../src/client/types.js';
import {
  decodeAssignmentInfo,
  decodeSubscriptionInfo,
  encodeSubscriptionInfo,
} from '../../../src/runtime/assignment-info.js';
import { RecordingLogger } from '../../../src/testing/recording-logger.js';
import { TaskAssignor } from '../../../src/runtime/task-assignor.js';

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

  it('gives every member the same host → tasks map, matching the partitions each member got', () => {
    const assignor = new TaskAssignor(() => subtopologies);
    const assignments = assignor.assign({
      members: [member('m-b', 'b:2'), member('m-a', 'a:1')],
      partitionsPerTopic,
    });
    const maps = [...assignments.values()].map((a) => decodeAssignmentInfo(a.userData!));
    expect(maps[0]).toEqual(maps[1]);
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
      expect(tasks).toHaveLength(4); // balanced
      expect(hosts.get(host)!.standbyTasks).toEqual([]);
    }
    expect(new Set([...hosts.values()].flatMap((h) => h.activeTasks)).size).toBe(8);
  });

  it('lists hosts without tasks (they still serve global stores) and leaves out members without a host', () => {
    const logger = new RecordingLogger();
    const unreadable: GroupMember = { memberId: 'm-x', topics: ['in'], userData: Buffer.from([1, 0x7b]) };
    const assignments = new TaskAssignor(() => [{ id: 0, sourceTopics: ['in'] }], { logger }).assign({
      members: [member('m-a', 'a:1'), member('m-b'), unreadable, member('m-c', 'c:3'), member('m-d', 'd:4')],
      partitionsPerTopic: new Map([['in', 2]]),
    });
    const { hosts } = decodeAssignmentInfo(assignments.get('m-b')!.userData!);
    // Sorted member ids m-a, m-b, m-c, m-d, m-x: tasks 0_0 → m-a, 0_1 → m-b (no host).
    expect(hosts).toEqual([
      { host: 'a:1', activeTasks: ['0_0'], standbyTasks: [] },
      { host: 'c:3', activeTasks: [], standbyTasks: [] },
      { host: 'd:4', activeTasks: [], standbyTasks: [] },
    ]);
    expect(assignments.get('m-b')!.partitions).toEqual([{ topic: 'in', partition: 1 }]);
    expect(logger.entries.some((e) => e.level === 'warn' && e.fields.memberId === 'm-x')).toBe(true);
  });

  it('merges members that share a host', () => {
    const assignments = new TaskAssignor(() => [{ id: 0, sourceTopics: ['in'] }]).assign({
      members: [member('m-1', 'a:1'), member('m-2', 'a:1')],
      partitionsPerTopic: new Map([['in', 2]]),
    });
    expect(decodeAssignmentInfo(assignments.get('m-1')!.userData!).hosts).toEqual([
      { host: 'a:1', activeTasks: ['0_0', '0_1'], standbyTasks: [] },
    ]);
  });
});
