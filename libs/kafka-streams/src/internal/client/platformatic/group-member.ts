// One member of a consumer group on the classic protocol: JoinGroup, SyncGroup (the leader runs the runtime's
// assignor and gives each member its own assignment user data), Heartbeat, OffsetCommit/OffsetFetch and LeaveGroup,
// sent by the runtime itself so that it decides when the member rejoins and what happens around a rebalance.
import {
  decodeConsumerProtocolAssignment,
  decodeConsumerProtocolSubscription,
  encodeConsumerProtocolAssignment,
  encodeConsumerProtocolSubscription,
  type Connection,
  heartbeatV4,
  joinGroupV9,
  leaveGroupV5,
  offsetCommitV8,
  offsetFetchV8,
  syncGroupV5,
} from '@platformatic/kafka';
import type { TopicPartition } from '../../../runtime/topic-partition.js';
import { withholdOwnedByOthers } from '../../assignment/cooperative-handover.js';
import type {
  ClientLogger,
  ConsumerGroupMetadata,
  GroupAssignor,
  MemberAssignment,
  RebalanceProtocol,
  TopicPartitionOffset,
} from '../types.js';
import { backoffDelay, sleep } from './backoff.js';
import { type ClusterConnection, FIND_COORDINATOR_GROUP } from './connection.js';
import { hasProtocolError, isNetworkError, responseOf } from './errors.js';

const PROTOCOL_TYPE = 'consumer';
/** Version of the consumer protocol's subscription and assignment encoding (no owned partitions, no rack). */
const CONSUMER_PROTOCOL_VERSION = 0;
/** The cooperative member's subscription: v1 adds the partitions it owns, v2 the generation it owns them in. */
const COOPERATIVE_SUBSCRIPTION_VERSION = 2;
/**
 * Appended to the assignor's name in the JoinGroup of a cooperative member: an eager and a cooperative member share
 * no protocol, so the coordinator refuses the one that joins a group of the other kind (INCONSISTENT_GROUP_PROTOCOL)
 * instead of letting a partition be read by two members at a time.
 */
const COOPERATIVE_PROTOCOL_SUFFIX = '-cooperative';
const COORDINATOR_ERRORS = ['NOT_COORDINATOR', 'COORDINATOR_NOT_AVAILABLE', 'COORDINATOR_LOAD_IN_PROGRESS'];
/** The member must join again (a new generation began, or it was removed from the group). */
const REJOIN_ERRORS = ['REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID'];
/** Errors a join retries after a backoff. */
const RETRIABLE_JOIN_ERRORS = [
  ...COORDINATOR_ERRORS,
  'REBALANCE_IN_PROGRESS',
  'REQUEST_TIMED_OUT',
  'NETWORK_EXCEPTION',
];

export interface Generation {
  readonly generationId: number;
  readonly memberId: string;
  readonly partitions: ReadonlyArray<TopicPartition>;
  readonly userData: Buffer;
}

export interface GroupMemberOptions {
  readonly groupId: string;
  readonly assignor: GroupAssignor;
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  /** Static membership (KIP-345): the member keeps its place in the group across restarts under this id. */
  readonly groupInstanceId?: string;
  readonly rebalanceProtocol: RebalanceProtocol;
  readonly logger?: ClientLogger;
}

/** What a cooperative member tells its join: what it owns, and how to give it all up when its generation is lost. */
export interface CooperativeJoin {
  /** The partitions the member owns (and reads on while it rejoins). */
  owned(): ReadonlyArray<TopicPartition>;
  /**
   * The coordinator no longer knows the member or its generation: its partitions may be another member's already.
   * Resolves once the member stopped reading them and forgot them; the join then goes on with none owned.
   */
  lost(): Promise<void>;
}

/** A commit while the member is rejoining: the generation it would commit for is being replaced. Retry afterwards. */
export class RebalanceInProgressError extends Error {}

/** The coordinator no longer counts this member in the current generation: its partitions are lost. */
const LOST_ERRORS = ['ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID'];

/**
 * Thrown by `heartbeat` and `commit` when the member must rejoin; `lost` when the generation went on without it
 * (not a rebalance it takes part in, where it still owns its partitions until it rejoins).
 */
export class RejoinNeededError extends Error {
  constructor(
    message: string,
    readonly lost: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Another member joined with this member's group instance id: two instances share an id, or this one is a zombie
 * whose successor came back under its id. Rejoining would fence the other in turn, so this is fatal (as in Java).
 */
export class FencedInstanceError extends Error {}

export class GroupMember {
  private memberId = '';
  private generationId = -1;
  /** The generation whose assignment the member holds (its last SyncGroup), sent with the partitions it owns. */
  private ownedGenerationId = -1;
  /** A join is under way (cooperative members commit nothing meanwhile). */
  private joining = false;
  private coordinator: Connection | undefined;

  constructor(
    private readonly connection: ClusterConnection,
    private readonly options: GroupMemberOptions,
  ) {}

  get metadata(): ConsumerGroupMetadata {
    return {
      groupId: this.options.groupId,
      generationId: this.generationId,
      memberId: this.memberId,
      groupInstanceId: this.instanceId,
    };
  }

  private get instanceId(): string | null {
    return this.options.groupInstanceId ?? null;
  }

  get cooperative(): boolean {
    return this.options.rebalanceProtocol === 'cooperative';
  }

  /**
   * Joins (again) and waits for this member's assignment; retries until it succeeds or `signal` aborts. A
   * cooperative member says what it owns (`cooperative`); an eager one has revoked everything before.
   */
  async join(
    topics: ReadonlyArray<string>,
    signal: AbortSignal,
    cooperative?: CooperativeJoin,
  ): Promise<Generation | undefined> {
    this.joining = true;
    try {
      return await this.joinUntilAssigned(topics, signal, cooperative);
    } finally {
      this.joining = false;
    }
  }

  private async joinUntilAssigned(
    topics: ReadonlyArray<string>,
    signal: AbortSignal,
    cooperative: CooperativeJoin | undefined,
  ): Promise<Generation | undefined> {
    for (let attempt = 1; !signal.aborted; attempt++) {
      try {
        return await this.joinOnce(topics, cooperative?.owned() ?? []);
      } catch (error) {
        if (hasProtocolError(error, 'MEMBER_ID_REQUIRED')) {
          // KIP-394: the first JoinGroup only hands out a member id; join again with it at once.
          this.memberId = responseOf<{ memberId?: string }>(error)?.memberId ?? this.memberId;
          attempt = 0;
          continue;
        }
        if (hasProtocolError(error, 'FENCED_INSTANCE_ID')) throw this.fenced(error);
        if (hasProtocolError(error, 'INCONSISTENT_GROUP_PROTOCOL')) throw this.inconsistentProtocol(error);
        if (hasProtocolError(error, 'UNKNOWN_MEMBER_ID')) this.memberId = '';
        if (hasProtocolError(error, ...LOST_ERRORS) && cooperative) {
          // As Java's consumer: a member whose generation is reset gives up what it owns before it joins again.
          this.ownedGenerationId = -1;
          await cooperative.lost();
        }
        if (
          hasProtocolError(error, ...COORDINATOR_ERRORS) ||
          !hasProtocolError(error, ...RETRIABLE_JOIN_ERRORS, ...REJOIN_ERRORS)
        ) {
          this.coordinator = undefined;
        }
        if (isFatal(error)) throw error;
        await sleep(backoffDelay(attempt), signal);
      }
    }
    return undefined;
  }

  private async joinOnce(topics: ReadonlyArray<string>, owned: ReadonlyArray<TopicPartition>): Promise<Generation> {
    const { groupId, assignor, sessionTimeoutMs, rebalanceTimeoutMs } = this.options;
    const metadata = encodeConsumerProtocolSubscription({
      version: this.cooperative ? COOPERATIVE_SUBSCRIPTION_VERSION : CONSUMER_PROTOCOL_VERSION,
      topics: [...topics],
      userData: assignor.subscriptionUserData(),
      ...(this.cooperative
        ? {
            ownedPartitions: byTopic(owned).map(([topic, list]) => ({
              topic,
              partitions: list.map((p) => p.partition),
            })),
            generationId: owned.length > 0 ? this.ownedGenerationId : -1,
          }
        : {}),
    });
    const protocolName = this.cooperative ? `${assignor.name}${COOPERATIVE_PROTOCOL_SUFFIX}` : assignor.name;
    const joined = await joinGroupV9.api.async(
      await this.coordinatorConnection(),
      groupId,
      sessionTimeoutMs,
      rebalanceTimeoutMs,
      this.memberId,
      this.instanceId,
      PROTOCOL_TYPE,
      [{ name: protocolName, metadata }],
      null,
    );
    this.memberId = joined.memberId;
    this.generationId = joined.generationId;
    const assignments =
      joined.leader === joined.memberId && !joined.skipAssignment ? await this.assign(joined.members) : [];
    const synced = await syncGroupV5.api.async(
      await this.coordinatorConnection(),
      groupId,
      joined.generationId,
      joined.memberId,
      this.instanceId,
      PROTOCOL_TYPE,
      joined.protocolName ?? protocolName,
      assignments,
    );
    this.ownedGenerationId = joined.generationId;
    const assignment = synced.assignment.length > 0 ? decodeConsumerProtocolAssignment(synced.assignment) : undefined;
    return {
      generationId: joined.generationId,
      memberId: joined.memberId,
      partitions: (assignment?.assignedPartitions ?? []).flatMap(({ topic, partitions }) =>
        partitions.map((partition) => ({ topic, partition })),
      ),
      userData: assignment?.userData ?? Buffer.alloc(0),
    };
  }

  /** The leader's part: the runtime's assignor decides, each member gets its partitions and its own user data. */
  private async assign(
    members: ReadonlyArray<{ memberId: string; metadata: Buffer }>,
  ): Promise<Array<{ memberId: string; assignment: Buffer }>> {
    const decoded = members.map(({ memberId, metadata }) => {
      const subscription = decodeConsumerProtocolSubscription(metadata);
      return {
        memberId,
        topics: subscription.topics,
        userData: subscription.userData ?? Buffer.alloc(0),
        generationId: subscription.generationId,
        ownedPartitions: subscription.ownedPartitions.flatMap(({ topic, partitions }) =>
          partitions.map((partition) => ({ topic, partition })),
        ),
      };
    });
    const topics = [...new Set(decoded.flatMap((m) => m.topics))];
    const clusterMetadata = await this.connection.metadata(topics, true);
    const partitionsPerTopic = new Map<string, number>();
    for (const topic of topics) {
      const count = clusterMetadata.topics.get(topic)?.partitionsCount;
      if (count !== undefined) partitionsPerTopic.set(topic, count);
    }
    const desired = await this.options.assignor.assign({ members: decoded, partitionsPerTopic });
    const assignments = this.cooperative ? this.handOver(desired, decoded) : desired;
    return decoded.map(({ memberId }) => ({ memberId, assignment: encodeAssignment(assignments.get(memberId)) }));
  }

  /** Cooperative: partitions still owned by another member wait for the follow-up rebalance (see cooperative-handover). */
  private handOver(
    desired: ReadonlyMap<string, MemberAssignment>,
    claims: ReadonlyArray<{ memberId: string; generationId: number; ownedPartitions: TopicPartition[] }>,
  ): Map<string, MemberAssignment> {
    const { assignments, withheld } = withholdOwnedByOthers(desired, claims);
    if (withheld.size > 0) {
      this.options.logger?.info('partitions withheld until their owners revoked them (cooperative rebalance)', {
        groupId: this.options.groupId,
        withheld: Object.fromEntries(
          [...withheld].map(([memberId, partitions]) => [memberId, partitions.map((p) => `${p.topic}:${p.partition}`)]),
        ),
      });
    }
    return assignments;
  }

  /** Tells the coordinator this member is alive; throws RejoinNeededError when it must rejoin. */
  async heartbeat(): Promise<void> {
    try {
      await heartbeatV4.api.async(
        await this.coordinatorConnection(),
        this.options.groupId,
        this.generationId,
        this.memberId,
        this.instanceId,
      );
    } catch (error) {
      throw this.classify(error);
    }
  }

  /** Commits offsets for this member's generation (rejected with RejoinNeededError by a newer one). */
  async commit(offsets: ReadonlyArray<TopicPartitionOffset>, metadataString: string | null = null): Promise<void> {
    if (offsets.length === 0) return;
    if (this.joining && this.cooperative) {
      throw new RebalanceInProgressError(`group ${this.options.groupId}: this member is rejoining; commit afterwards`);
    }
    try {
      await offsetCommitV8.api.async(
        await this.coordinatorConnection(),
        this.options.groupId,
        this.generationId,
        this.memberId,
        this.instanceId,
        byTopic(offsets).map(([name, list]) => ({
          name,
          partitions: list.map(({ partition, offset, metadata }) => ({
            partitionIndex: partition,
            committedOffset: offset,
            committedLeaderEpoch: -1,
            committedMetadata: metadata ?? metadataString,
          })),
        })),
      );
    } catch (error) {
      throw this.classify(error);
    }
  }

  /** The group's committed offsets of the partitions (absent when none). */
  async committed(partitions: ReadonlyArray<TopicPartition>): Promise<TopicPartitionOffset[]> {
    if (partitions.length === 0) return [];
    try {
      const response = await offsetFetchV8.api.async(
        await this.coordinatorConnection(),
        [
          {
            groupId: this.options.groupId,
            memberEpoch: -1,
            topics: byTopic(partitions).map(([name, list]) => ({
              name,
              partitionIndexes: list.map((p) => p.partition),
            })),
          },
        ],
        // Not require_stable: under exactly-once the runtime positions its partitions itself from stable offsets
        // (while they are paused); this is where a consumer starts otherwise, and must not wait for transactions.
        false,
      );
      return (response.groups[0]?.topics ?? []).flatMap(({ name, partitions: found }) =>
        found
          .filter((p) => p.committedOffset >= 0n)
          .map((p) => ({ topic: name, partition: p.partitionIndex, offset: p.committedOffset })),
      );
    } catch (error) {
      throw this.classify(error);
    }
  }

  /**
   * Leaves the group (best effort: the session timeout removes the member otherwise). A static member stays, as
   * Java's does: coming back under its instance id within the session, it gets its partitions back without a
   * rebalance.
   */
  async leave(): Promise<void> {
    if (!this.memberId || this.connection.closed) return;
    const memberId = this.memberId;
    this.memberId = '';
    this.generationId = -1;
    this.ownedGenerationId = -1;
    if (this.instanceId !== null) return;
    await leaveGroupV5.api.async(await this.coordinatorConnection(), this.options.groupId, [
      { memberId, reason: 'closing' },
    ]);
  }

  private classify(error: unknown): unknown {
    // A connection that failed is never used again: the next request finds the coordinator (again) on a new one,
    // so that heartbeats resume as soon as a restarted coordinator is back, within the session.
    if (hasProtocolError(error, ...COORDINATOR_ERRORS) || isNetworkError(error)) this.coordinator = undefined;
    if (hasProtocolError(error, 'FENCED_INSTANCE_ID')) return this.fenced(error);
    if (hasProtocolError(error, 'UNKNOWN_MEMBER_ID')) this.memberId = '';
    if (hasProtocolError(error, ...REJOIN_ERRORS)) {
      const lost = hasProtocolError(error, ...LOST_ERRORS);
      return new RejoinNeededError(
        `group ${this.options.groupId}: this member must rejoin${lost ? ' (its generation is over)' : ''}`,
        lost,
        { cause: error },
      );
    }
    return error;
  }

  private inconsistentProtocol(error: unknown): Error {
    return new Error(
      `group ${this.options.groupId}: the group's members rebalance with another protocol than this member's ` +
        `rebalanceProtocol '${this.options.rebalanceProtocol}' (eager and cooperative members cannot share a group: ` +
        `every instance must use the same rebalanceProtocol)`,
      { cause: error },
    );
  }

  private fenced(error: unknown): FencedInstanceError {
    this.memberId = '';
    return new FencedInstanceError(
      `group ${this.options.groupId}: another member joined with this member's group instance id ` +
        `"${this.instanceId}" (two instances share it, or this one was replaced while cut off); this member stops`,
      { cause: error },
    );
  }

  private async coordinatorConnection(): Promise<Connection> {
    if (!this.coordinator) {
      this.coordinator = (await this.connection.coordinator(FIND_COORDINATOR_GROUP, this.options.groupId)).connection;
    }
    return this.coordinator;
  }
}

export function encodeAssignment(assignment: MemberAssignment | undefined): Buffer {
  return encodeConsumerProtocolAssignment({
    version: CONSUMER_PROTOCOL_VERSION,
    assignedPartitions: byTopic(assignment?.partitions ?? []).map(([topic, list]) => ({
      topic,
      partitions: list.map((p) => p.partition),
    })),
    userData: assignment?.userData ?? Buffer.alloc(0),
  });
}

export function decodeAssignment(buffer: Buffer): MemberAssignment {
  const decoded = decodeConsumerProtocolAssignment(buffer);
  return {
    partitions: decoded.assignedPartitions.flatMap(({ topic, partitions }) =>
      partitions.map((partition) => ({ topic, partition })),
    ),
    userData: decoded.userData,
  };
}

function byTopic<T extends TopicPartition>(partitions: ReadonlyArray<T>): Array<[string, T[]]> {
  const grouped = new Map<string, T[]>();
  for (const tp of partitions) {
    let list = grouped.get(tp.topic);
    if (!list) grouped.set(tp.topic, (list = []));
    list.push(tp);
  }
  return [...grouped];
}

/** Errors a retry cannot fix: the configuration or the permissions are wrong. */
function isFatal(error: unknown): boolean {
  return hasProtocolError(
    error,
    'INCONSISTENT_GROUP_PROTOCOL',
    'INVALID_GROUP_ID',
    'GROUP_AUTHORIZATION_FAILED',
    'INVALID_SESSION_TIMEOUT',
    'GROUP_MAX_SIZE_REACHED',
  );
}
