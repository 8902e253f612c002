// The group member's wire formats: every member gets its own assignment user data from the leader's assignor
// (what @platformatic/kafka's own consumer cannot do), and the fallback assignor deals partitions round-robin.
import { describe, expect, it } from '@jest/globals';
import { decodeConsumerProtocolAssignment } from '@platformatic/kafka';
import { decodeAssignment, encodeAssignment } from '../../../../src/internal/client/platformatic/group-member.js';
import { roundRobinAssignor } from '../../../../src/internal/client/platformatic/round-robin-assignor.js';

describe('assignment encoding', () => {
  it('round-trips partitions and this member’s own user data', () => {
    const mine = {
      partitions: [
        { topic: 'a', partition: 2 },
        { topic: 'b', partition: 0 },
        { topic: 'a', partition: 0 },
      ],
      userData: Buffer.from('standby:1_0'),
    };
    const theirs = { partitions: [{ topic: 'a', partition: 1 }], userData: Buffer.from('standby:0_2') };
    const decodedMine = decodeAssignment(encodeAssignment(mine));
    const decodedTheirs = decodeAssignment(encodeAssignment(theirs));
    expect(decodedMine.partitions).toEqual(expect.arrayContaining(mine.partitions));
    expect(decodedMine.partitions).toHaveLength(3);
    expect(decodedMine.userData?.toString()).toBe('standby:1_0');
    expect(decodedTheirs.userData?.toString()).toBe('standby:0_2');
  });

  it('writes Kafka’s consumer protocol, so other clients read it', () => {
    const decoded = decodeConsumerProtocolAssignment(
      encodeAssignment({ partitions: [{ topic: 'in', partition: 4 }], userData: Buffer.from([1, 2, 3]) }),
    );
    expect(decoded.assignedPartitions).toEqual([{ topic: 'in', partitions: [4] }]);
    expect([...decoded.userData]).toEqual([1, 2, 3]);
  });

  it('encodes a member without partitions', () => {
    expect(decodeAssignment(encodeAssignment(undefined)).partitions).toEqual([]);
  });
});

describe('roundRobinAssignor', () => {
  it('deals each topic’s partitions over the members subscribed to it', async () => {
    const assignments = await roundRobinAssignor.assign({
      members: [
        { memberId: 'm2', topics: ['x', 'y'], userData: Buffer.alloc(0) },
        { memberId: 'm1', topics: ['x'], userData: Buffer.alloc(0) },
      ],
      partitionsPerTopic: new Map([
        ['x', 3],
        ['y', 2],
      ]),
    });
    const of = (memberId: string) =>
      assignments
        .get(memberId)!
        .partitions.map(({ topic, partition }) => `${topic}-${partition}`)
        .sort();
    expect(of('m1')).toEqual(['x-0', 'x-2']);
    expect(of('m2')).toEqual(['x-1', 'y-0', 'y-1']);
  });
});
