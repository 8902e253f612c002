import kafkajs, { type Consumer, type ConsumerRunConfig } from 'kafkajs';
import type { ConsumedRecord } from '../../engine/contracts.js';
import type { BatchHandler, GroupConsumer, GroupEvents, TopicPartitionOffset } from '../types.js';
import type { TopicPartition } from '../../../runtime/topic-partition.js';
import { TopicPartitionMap } from '../../topic-partition-map.js';
import { fromKafkajsHeaders } from './headers.js';
import { superviseCrashes } from './crash-restart.js';

const { AssignerProtocol, KafkaJSProtocolError } = kafkajs;

/**
 * kafkajs rejoins the group when handling a batch fails with a "rebalance in progress" error (that is how a
 * heartbeat notices a rebalance); throwing one on purpose is the only way to make it rejoin on request.
 */
const rejoinRequested = () =>
  new KafkaJSProtocolError(
    Object.assign(new Error('this member asked to rejoin the group'), {
      type: 'REBALANCE_IN_PROGRESS',
      code: 27,
      retriable: true,
    }),
  );

/**
 * kafkajs drops its consumer group object when the consumer crashes and builds a new one when it restarts:
 * between the two, `seek`, `pause` and `resume` throw this, and the paused partitions are forgotten.
 */
const NO_GROUP_YET = 'Consumer group was not initialized';

export class KafkajsGroupConsumer implements GroupConsumer {
  /** kafkajs speaks only the classic (eager) protocol. */
  readonly rebalanceProtocol = 'eager';
  /** kafkajs fetches the next batch once the handler resolved: each batch is processed whole. */
  readonly pacesProcessing = false;
  private readonly removeListeners: Array<() => void> = [];
  /** What was asked while kafkajs had no group (restarting after a crash), applied at the next join. */
  private readonly deferredSeeks = new TopicPartitionMap<bigint>();
  private readonly pausedPartitions = new TopicPartitionMap<true>();
  /** Counts group joins, so the user data read back for an older join is dropped. */
  private joins = 0;
  private rejoinWanted = false;
  /** The member id of the last join: a join under another one means the coordinator forgot this member. */
  private memberId: string | undefined;

  constructor(private readonly consumer: Consumer) {}

  connect(): Promise<void> {
    return this.consumer.connect();
  }

  async disconnect(): Promise<void> {
    for (const remove of this.removeListeners.splice(0)) remove();
    await this.consumer.disconnect();
  }

  async subscribe(topics: ReadonlyArray<string>, options: { fromBeginning?: boolean } = {}): Promise<void> {
    await this.consumer.subscribe({ topics: [...topics], fromBeginning: options.fromBeginning ?? true });
  }

  async run(handler: BatchHandler, events: GroupEvents): Promise<void> {
    const { GROUP_JOIN, REBALANCING, END_BATCH_PROCESS } = this.consumer.events;
    // kafkajs emits these synchronously: GROUP_JOIN right after SyncGroup, before the first fetch of the
    // new generation, which makes it the place to re-position partitions with `seek`.
    this.removeListeners.push(
      this.consumer.on(GROUP_JOIN, ({ payload }) => {
        this.rejoinWanted = false;
        const lost = this.memberId !== undefined && payload.memberId !== this.memberId;
        this.memberId = payload.memberId;
        // Positions asked for the lost generation's tasks are stale: the group's committed offsets are the truth now.
        if (lost) this.deferredSeeks.clear();
        this.applyDeferred();
        if (lost) void this.reportLost(events);
        const partitions: TopicPartition[] = Object.entries(payload.memberAssignment).flatMap(([topic, numbers]) =>
          numbers.map((partition) => ({ topic, partition })),
        );
        events.onAssigned?.(partitions);
        const deliver = events.onAssignmentUserData?.bind(events);
        if (deliver) void this.readAssignmentUserData(payload.memberId, partitions, deliver);
      }),
      this.consumer.on(REBALANCING, () => events.onRebalancing?.()),
      // Also emitted for batches eachBatch never sees (only transaction markers or aborted records); lastOffset
      // counts those, so the position moves past markers.
      this.consumer.on(END_BATCH_PROCESS, ({ payload }) =>
        events.onBatchHandled?.({
          topic: payload.topic,
          partition: payload.partition,
          nextOffset: BigInt(payload.lastOffset) + 1n,
          highWatermark: BigInt(payload.highWatermark),
        }),
      ),
    );
    const runConfig: ConsumerRunConfig = {
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: async ({ batch, heartbeat, resolveOffset, isRunning, isStale }) => {
        if (batch.isEmpty()) return;
        if (this.rejoinWanted) {
          this.rejoinWanted = false;
          // Nothing of this batch was handled or resolved: it is fetched again after the rejoin.
          throw rejoinRequested();
        }
        const records: ConsumedRecord[] = batch.messages.map((message) => ({
          topic: batch.topic,
          partition: batch.partition,
          offset: BigInt(message.offset),
          timestamp: Number(message.timestamp),
          key: message.key ?? null,
          value: message.value ?? null,
          headers: fromKafkajsHeaders(message.headers),
        }));
        await handler(
          { topic: batch.topic, partition: batch.partition, records },
          { heartbeat, isActive: () => isRunning() && !isStale() },
        );
        // Only the fetch position: offsets are committed explicitly by the runtime.
        resolveOffset(batch.lastOffset());
      },
    };
    // A restart after a crash joins under a new member id: the join above reports the partitions lost.
    const supervisor = superviseCrashes(this.consumer, runConfig, (error) => events.onFatalError?.(error));
    this.removeListeners.push(() => supervisor.stop());
    await this.consumer.run(runConfig);
  }

  /**
   * kafkajs rejoins under a new member id, without a REBALANCING event, when the coordinator answered that it no
   * longer knows this member (its session expired: a network partition, a stalled process) or after restarting a
   * crashed consumer: the previous generation went on without this member, so its partitions are lost (Java's
   * onPartitionsLost). Told before the new assignment; kafkajs does not wait for it, but the runtime takes its tasks
   * down synchronously and the new ones wait for the old stores to close.
   */
  private async reportLost(events: GroupEvents): Promise<void> {
    this.consumer.logger().warn('this member lost its partitions (the coordinator no longer knew it)', {
      memberId: this.memberId,
    });
    try {
      await (events.onLost ?? events.onRebalancing)?.();
    } catch (error) {
      this.consumer.logger().error('handling the lost partitions failed', { error: String(error) });
    }
  }

  /**
   * kafkajs decodes this member's assignment but drops its user data; DescribeGroups returns every member's
   * assignment of the current generation (the group is Stable once SyncGroup answered). Skipped when the
   * group moved on meanwhile: that rebalance's own join reads it again.
   */
  private async readAssignmentUserData(
    memberId: string,
    partitions: ReadonlyArray<TopicPartition>,
    deliver: (userData: Buffer) => void,
  ): Promise<void> {
    const join = ++this.joins;
    try {
      const group = await this.consumer.describeGroup();
      if (join !== this.joins || group.state !== 'Stable') return;
      const member = group.members.find((m) => m.memberId === memberId);
      const assignment = member && AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
      if (!assignment || !samePartitions(assignment.assignment, partitions)) return;
      deliver(assignment.userData);
    } catch (error) {
      this.consumer.logger().warn('could not read the assignment user data back', { error: String(error) });
    }
  }

  async commit(offsets: ReadonlyArray<TopicPartitionOffset>): Promise<void> {
    if (offsets.length === 0) return;
    await this.consumer.commitOffsets(
      offsets.map(({ topic, partition, offset, metadata }) => ({
        topic,
        partition,
        offset: offset.toString(),
        metadata: metadata ?? null,
      })),
    );
  }

  pause(partitions: ReadonlyArray<TopicPartition>): void {
    for (const tp of partitions) this.pausedPartitions.set(tp, true);
    this.unlessRestarting(() => this.consumer.pause(toKafkajs(partitions)));
  }

  resume(partitions: ReadonlyArray<TopicPartition>): void {
    for (const tp of partitions) this.pausedPartitions.delete(tp);
    this.unlessRestarting(() => this.consumer.resume(toKafkajs(partitions)));
  }

  seek(position: TopicPartitionOffset): void {
    const { topic, partition, offset } = position;
    this.deferredSeeks.delete(position);
    if (!this.unlessRestarting(() => this.consumer.seek({ topic, partition, offset: offset.toString() }))) {
      this.deferredSeeks.set(position, offset);
    }
  }

  /** Runs a call that needs kafkajs' consumer group; false (nothing done) while kafkajs restarts the consumer. */
  private unlessRestarting(call: () => void): boolean {
    try {
      call();
      return true;
    } catch (error) {
      if (error instanceof Error && error.message.startsWith(NO_GROUP_YET)) return false;
      throw error;
    }
  }

  /** At a join, before the first fetch: the pauses (a new kafkajs group has none) and the seeks asked meanwhile. */
  private applyDeferred(): void {
    if (this.pausedPartitions.size > 0) this.consumer.pause(toKafkajs([...this.pausedPartitions.keys()]));
    for (const [{ topic, partition }, offset] of this.deferredSeeks) {
      this.consumer.seek({ topic, partition, offset: offset.toString() });
    }
    this.deferredSeeks.clear();
  }

  requestRejoin(): void {
    this.rejoinWanted = true;
  }
}

function samePartitions(
  assigned: Readonly<Record<string, number[]>>,
  expected: ReadonlyArray<TopicPartition>,
): boolean {
  const keys = (list: ReadonlyArray<TopicPartition>) =>
    list.map(({ topic, partition }) => `${topic}:${partition}`).sort();
  const actual = keys(
    Object.entries(assigned).flatMap(([topic, numbers]) => numbers.map((partition) => ({ topic, partition }))),
  );
  const wanted = keys(expected);
  return actual.length === wanted.length && actual.every((key, i) => key === wanted[i]);
}

function toKafkajs(partitions: ReadonlyArray<TopicPartition>): Array<{ topic: string; partitions: number[] }> {
  return partitions.map(({ topic, partition }) => ({ topic, partitions: [partition] }));
}
