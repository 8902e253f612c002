// The group assignor: hands out whole tasks, so every input partition of a task (e.g. both sides of a
// join) lands on the same instance, and spreads each sub-topology's tasks evenly over the members.
// Members send their applicationServer in the subscription; the leader sends every member the tasks of
// every host (assignment-info.ts), which is what routes interactive queries to the instance owning a key.
import type { GroupAssignor, GroupMember, MemberAssignment, TopicPartition } from '../client/types.js';
import {
  decodeSubscriptionInfo,
  encodeAssignmentInfo,
  encodeSubscriptionInfo,
  type HostTasks,
} from './assignment-info.js';
import type { StreamsLogger } from './logger.js';
import { formatTaskId, layoutTasks } from './task-layout.js';
import type { SubtopologyTopics } from './topic-layout.js';

export interface TaskAssignorOptions {
  /** This member's applicationServer ("host:port"), sent to the leader with the subscription. */
  readonly applicationServer?: string;
  readonly logger?: StreamsLogger;
}

export class TaskAssignor implements GroupAssignor {
  readonly name = 'streamkit-tasks';
  readonly version = 1;

  constructor(
    private readonly subtopologies: () => ReadonlyArray<SubtopologyTopics>,
    private readonly options: TaskAssignorOptions = {},
  ) {}

  subscriptionUserData(): Buffer {
    return encodeSubscriptionInfo(
      this.options.applicationServer ? { applicationServer: this.options.applicationServer } : {},
    );
  }

  assign(input: {
    readonly members: ReadonlyArray<GroupMember>;
    readonly partitionsPerTopic: ReadonlyMap<string, number>;
  }): Map<string, MemberAssignment> {
    const memberIds = input.members.map((m) => m.memberId).sort();
    const partitions = new Map<string, TopicPartition[]>(memberIds.map((id) => [id, []]));
    if (memberIds.length === 0) return new Map();
    const hostOf = this.hostsOf(input.members);
    // Every host is listed, also one without tasks: it still serves global stores. Members sharing a host
    // (several consumers of one process) make one entry, as in Java.
    const hosts = new Map<string, string[]>([...hostOf.values()].map((host) => [host, []]));
    let next = 0;
    for (const task of layoutTasks(this.subtopologies(), input.partitionsPerTopic)) {
      const memberId = memberIds[next++ % memberIds.length]!;
      partitions.get(memberId)!.push(...task.inputs);
      const host = hostOf.get(memberId);
      if (host) hosts.get(host)!.push(formatTaskId(task.id));
    }
    const hostTasks: HostTasks[] = [...hosts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([host, activeTasks]) => ({ host, activeTasks, standbyTasks: [] }));
    const userData = encodeAssignmentInfo({ hosts: hostTasks });
    return new Map([...partitions].map(([id, assigned]) => [id, { partitions: assigned, userData }]));
  }

  /** applicationServer per member; a member whose subscription cannot be read just gets no host. */
  private hostsOf(members: ReadonlyArray<GroupMember>): Map<string, string> {
    const hosts = new Map<string, string>();
    for (const member of members) {
      try {
        const { applicationServer } = decodeSubscriptionInfo(member.userData);
        if (applicationServer) hosts.set(member.memberId, applicationServer);
      } catch (error) {
        this.options.logger?.warn('unreadable subscription user data; the member gets tasks but no query host', {
          memberId: member.memberId,
          error: String(error),
        });
      }
    }
    return hosts;
  }
}
