// The group assignor: hands out whole tasks, so every input partition of a task (e.g. both sides of a
// join) lands on the same instance, and places them state-aware (assignment/task-placement.ts): sticky to
// the instance holding a task's state, balanced, with standby replicas and warm-ups.
// Members send their applicationServer and their state (tasks they run, changelog offsets of the copies they
// hold) in the subscription; the leader computes each copy's lag against the changelogs' end offsets and sends
// every member the tasks of every host plus its own standby tasks (assignment-info.ts).
import type { GroupAssignor, GroupMember, MemberAssignment, OffsetRange } from '../client/types.js';
import type { TopicPartition } from '../../runtime/topic-partition.js';
import {
  decodeSubscriptionInfo,
  encodeAssignmentInfo,
  encodeSubscriptionInfo,
  type HostTasks,
  type SubscriptionInfo,
} from './assignment-info.js';
import { type MemberState, rangesFromReports, taskLag } from './task-lags.js';
import { type PlacementClient, type PlacementTask, placeTasks } from './task-placement.js';
import type { StreamsLogger } from '../../runtime/logger.js';
import { formatTaskId, layoutTasks } from '../runtime/task-layout.js';
import { topicPartitionLabel } from '../topic-partition-map.js';
import type { SubtopologyTopics } from '../runtime/topic-layout.js';

export interface TaskAssignorOptions {
  /** This member's applicationServer ("host:port"), sent to the leader with the subscription. */
  readonly applicationServer?: string;
  readonly logger?: StreamsLogger;
  /**
   * Topics a sub-topology's stores restore from (changelogs, and source topics serving as a table's changelog);
   * a task without any is placed as stateless.
   */
  readonly changelogTopics?: (subtopology: number) => ReadonlyArray<string>;
  /** This member's state, sent with the subscription (default: none). */
  readonly localState?: () => MemberState;
  /** Earliest and end offsets of changelog partitions; the leader computes lags with them. */
  readonly offsetRanges?: (partitions: ReadonlyArray<TopicPartition>) => Promise<Map<string, OffsetRange>>;
  /** Standby copies per stateful task (default 0). */
  readonly numStandbyReplicas?: number;
  /** A copy at most this many records behind may take its task over right away (default 10000). */
  readonly acceptableRecoveryLag?: number;
  /** Warm-up copies per rebalance at most (default 2). */
  readonly maxWarmupReplicas?: number;
  /** When warm-ups are catching up, members rebalance again after this long (default 10 min). */
  readonly probingRebalanceIntervalMs?: number;
}

const NO_STATE: MemberState = { activeTasks: new Set(), taskOffsets: new Map() };

export class TaskAssignor implements GroupAssignor {
  readonly name = 'streamkit-tasks';
  readonly version = 1;
  private rebalanceRequests = 0;

  constructor(
    private readonly subtopologies: () => ReadonlyArray<SubtopologyTopics>,
    private readonly options: TaskAssignorOptions = {},
  ) {}

  /** Makes this member's next subscription differ from its last one, so that rejoining triggers a rebalance. */
  requestRebalance(): void {
    this.rebalanceRequests++;
  }

  subscriptionUserData(): Buffer {
    const state = this.options.localState?.() ?? NO_STATE;
    return encodeSubscriptionInfo({
      ...(this.options.applicationServer ? { applicationServer: this.options.applicationServer } : {}),
      activeTasks: [...state.activeTasks],
      taskOffsets: state.taskOffsets,
      rebalanceRequests: this.rebalanceRequests,
    });
  }

  async assign(input: {
    readonly members: ReadonlyArray<GroupMember>;
    readonly partitionsPerTopic: ReadonlyMap<string, number>;
  }): Promise<Map<string, MemberAssignment>> {
    if (input.members.length === 0) return new Map();
    const subscriptions = new Map(input.members.map((m) => [m.memberId, this.subscriptionOf(m)]));
    const definitions = layoutTasks(this.subtopologies(), input.partitionsPerTopic);
    const changelogsOf = new Map(
      definitions.map((task) => [
        formatTaskId(task.id),
        (this.options.changelogTopics?.(task.id.subtopology) ?? []).map((topic) =>
          topicPartitionLabel({ topic, partition: task.id.partition }),
        ),
      ]),
    );
    const tasks: PlacementTask[] = definitions.map((task) => ({
      id: formatTaskId(task.id),
      subtopology: task.id.subtopology,
      stateful: changelogsOf.get(formatTaskId(task.id))!.length > 0,
    }));
    const states = new Map([...subscriptions].map(([id, info]) => [id, memberState(info)]));
    const ranges = await this.changelogRanges(tasks, changelogsOf, [...states.values()]);
    const clients: PlacementClient[] = [...states].map(([id, state]) => ({
      id,
      previousActive: state.activeTasks,
      lags: new Map(
        tasks.filter((t) => t.stateful).map((t) => [t.id, taskLag(state, t.id, changelogsOf.get(t.id)!, ranges)]),
      ),
    }));
    const placement = placeTasks(tasks, clients, {
      numStandbyReplicas: this.options.numStandbyReplicas ?? 0,
      acceptableRecoveryLag: this.options.acceptableRecoveryLag ?? 10_000,
      maxWarmupReplicas: this.options.maxWarmupReplicas ?? 2,
    });

    const inputsOf = new Map(definitions.map((task) => [formatTaskId(task.id), task.inputs]));
    // Every host is listed, also one without tasks: it still serves global stores. Members sharing a host
    // (several consumers of one process) make one entry, as in Java.
    const hosts = new Map<string, { activeTasks: string[]; standbyTasks: string[] }>();
    for (const [memberId, info] of subscriptions) {
      if (!info.applicationServer) continue;
      const entry = hosts.get(info.applicationServer) ?? { activeTasks: [], standbyTasks: [] };
      const placed = placement.clients.get(memberId)!;
      entry.activeTasks.push(...placed.active);
      entry.standbyTasks.push(...placed.standby);
      hosts.set(info.applicationServer, entry);
    }
    const hostTasks: HostTasks[] = [...hosts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([host, tasksOfHost]) => ({ host, ...tasksOfHost }));
    const followupRebalanceMs = placement.followupRebalance
      ? (this.options.probingRebalanceIntervalMs ?? 600_000)
      : undefined;
    this.options.logger?.info('tasks assigned', {
      members: Object.fromEntries(
        [...placement.clients].map(([id, placed]) => [
          id,
          { active: placed.active, standby: placed.standby, warmup: placed.warmup },
        ]),
      ),
      ...(followupRebalanceMs ? { followupRebalanceMs } : {}),
    });
    return new Map(
      [...placement.clients].map(([memberId, placed]) => [
        memberId,
        {
          partitions: placed.active.flatMap((taskId) => inputsOf.get(taskId)!),
          userData: encodeAssignmentInfo({
            hosts: hostTasks,
            activeTasks: placed.active,
            standbyTasks: placed.standby,
            warmupTasks: placed.warmup,
            ...(followupRebalanceMs ? { followupRebalanceMs } : {}),
          }),
        },
      ]),
    );
  }

  /** The changelogs' offsets; when they cannot be fetched, an estimate from the members' own reports. */
  private async changelogRanges(
    tasks: ReadonlyArray<PlacementTask>,
    changelogsOf: ReadonlyMap<string, ReadonlyArray<string>>,
    states: ReadonlyArray<MemberState>,
  ): Promise<Map<string, OffsetRange>> {
    const partitions = tasks.flatMap((t) => changelogsOf.get(t.id)!).map(parseTopicPartition);
    if (partitions.length === 0) return new Map();
    if (this.options.offsetRanges) {
      try {
        return await this.options.offsetRanges(partitions);
      } catch (error) {
        this.options.logger?.warn('could not fetch changelog end offsets; estimating lags from the members’ reports', {
          error: String(error),
        });
      }
    }
    return rangesFromReports(states);
  }

  /** A member whose subscription cannot be read gets tasks, but no query host and no credit for any state. */
  private subscriptionOf(member: GroupMember): SubscriptionInfo {
    try {
      return decodeSubscriptionInfo(member.userData);
    } catch (error) {
      this.options.logger?.warn('unreadable subscription user data; the member gets tasks but no query host', {
        memberId: member.memberId,
        error: String(error),
      });
      return {};
    }
  }
}

function memberState(info: SubscriptionInfo): MemberState {
  return { activeTasks: new Set(info.activeTasks ?? []), taskOffsets: info.taskOffsets ?? new Map() };
}

function parseTopicPartition(key: string): TopicPartition {
  const separator = key.lastIndexOf(':');
  return { topic: key.slice(0, separator), partition: Number(key.slice(separator + 1)) };
}
