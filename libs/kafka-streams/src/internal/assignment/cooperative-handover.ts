// The cooperative rebalance protocol's rule for the leader (Kafka's KIP-429): a partition another member still owns
// is not handed to its new owner in the same rebalance. Its owner gives it up first (it is not in the owner's new
// assignment, so the owner revokes it and rejoins at once); the new owner gets it in that follow-up rebalance. So
// no partition is ever read by two members at a time, and partitions that stay where they are are never revoked.
import type { TopicPartition } from '../../runtime/topic-partition.js';
import type { MemberAssignment } from '../client/types.js';
import { TopicPartitionMap } from '../topic-partition-map.js';

/** What a member says it owns when it joins (consumer protocol subscription v1+: owned partitions, v2+: generation). */
export interface OwnershipClaim {
  readonly memberId: string;
  /** The generation the member owned them in; -1 when unknown. */
  readonly generationId: number;
  readonly ownedPartitions: ReadonlyArray<TopicPartition>;
}

export interface Handover {
  /** The desired assignment minus what must first be revoked from another member. */
  readonly assignments: Map<string, MemberAssignment>;
  /** Per member, the partitions it was meant to get but waits for until their owner gave them up. */
  readonly withheld: Map<string, TopicPartition[]>;
}

/**
 * Withholds from each member the partitions of its desired assignment that another member owns. Of several claims
 * on one partition only those of the newest generation count (an older one is a member that missed a rebalance);
 * when several members claim it in that generation, it is withheld from all of them, so that none reads it until
 * every claimant gave it up.
 */
export function withholdOwnedByOthers(
  desired: ReadonlyMap<string, MemberAssignment>,
  claims: ReadonlyArray<OwnershipClaim>,
): Handover {
  const owners = currentOwners(claims);
  const assignments = new Map<string, MemberAssignment>();
  const withheld = new Map<string, TopicPartition[]>();
  for (const [memberId, assignment] of desired) {
    const kept: TopicPartition[] = [];
    const waiting: TopicPartition[] = [];
    for (const partition of assignment.partitions) {
      const ownedBy = owners.get(partition) ?? [];
      if (ownedBy.some((owner) => owner !== memberId)) waiting.push(partition);
      else kept.push(partition);
    }
    assignments.set(memberId, { ...assignment, partitions: kept });
    if (waiting.length > 0) withheld.set(memberId, waiting);
  }
  return { assignments, withheld };
}

/** Per partition, the members claiming it in the newest generation any member claims it in. */
function currentOwners(claims: ReadonlyArray<OwnershipClaim>): TopicPartitionMap<string[]> {
  const newest = new TopicPartitionMap<{ generationId: number; members: string[] }>();
  for (const { memberId, generationId, ownedPartitions } of claims) {
    for (const partition of ownedPartitions) {
      const current = newest.get(partition);
      if (!current || generationId > current.generationId) {
        newest.set(partition, { generationId, members: [memberId] });
      } else if (generationId === current.generationId && !current.members.includes(memberId)) {
        current.members.push(memberId);
      }
    }
  }
  const owners = new TopicPartitionMap<string[]>();
  for (const [partition, { members }] of newest.entries()) owners.set(partition, members);
  return owners;
}
