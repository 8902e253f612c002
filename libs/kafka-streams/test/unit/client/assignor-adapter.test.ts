// The kafkajs adapter carries TaskAssignor's user data both ways through kafkajs' own protocol encoding.
import { describe, expect, it } from '@jest/globals';
import kafkajs from 'kafkajs';
import { toKafkajsAssigner } from '../../../src/internal/client/kafkajs/assignor-adapter.js';
import { decodeAssignmentInfo, decodeSubscriptionInfo } from '../../../src/internal/assignment/assignment-info.js';
import { TaskAssignor } from '../../../src/internal/assignment/task-assignor.js';

const { AssignerProtocol } = kafkajs;
type AssignerArguments = Parameters<ReturnType<typeof toKafkajsAssigner>>[0];

const subtopologies = [{ id: 0, sourceTopics: ['in'] }];
// The adapter only asks the cluster for partition counts.
const cluster = {
  findTopicPartitionMetadata: (topic: string) => (topic === 'in' ? [{}, {}, {}] : []),
} as unknown as AssignerArguments['cluster'];

describe('toKafkajsAssigner', () => {
  it('sends the subscription user data and hands every member the leader’s host map', async () => {
    const member = (applicationServer: string) =>
      toKafkajsAssigner(new TaskAssignor(() => subtopologies, { applicationServer }))({
        cluster,
      } as AssignerArguments);
    const [a, b] = [member('a:1'), member('b:2')];
    const metadataOf = (assigner: typeof a) => assigner.protocol({ topics: ['in'] }).metadata;
    expect(decodeSubscriptionInfo(AssignerProtocol.MemberMetadata.decode(metadataOf(b))!.userData)).toEqual({
      applicationServer: 'b:2',
    });

    const assignments = await a.assign({
      members: [
        { memberId: 'm-a', memberMetadata: metadataOf(a) },
        { memberId: 'm-b', memberMetadata: metadataOf(b) },
      ] as Parameters<typeof a.assign>[0]['members'],
      topics: ['in'],
    });
    const decoded = new Map(
      assignments.map(({ memberId, memberAssignment }) => [
        memberId,
        AssignerProtocol.MemberAssignment.decode(memberAssignment)!,
      ]),
    );
    expect(decoded.get('m-a')!.assignment).toEqual({ in: [0, 2] });
    expect(decoded.get('m-b')!.assignment).toEqual({ in: [1] });
    const ownTasks = new Map([
      ['m-a', ['0_0', '0_2']],
      ['m-b', ['0_1']],
    ]);
    for (const [memberId, { userData }] of decoded) {
      expect(decodeAssignmentInfo(userData)).toEqual({
        hosts: [
          { host: 'a:1', activeTasks: ['0_0', '0_2'], standbyTasks: [] },
          { host: 'b:2', activeTasks: ['0_1'], standbyTasks: [] },
        ],
        activeTasks: ownTasks.get(memberId),
      });
    }
  });
});
