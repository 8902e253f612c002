import type { StreamsMetrics } from '@streamkit/kafka-streams';
import type { TopologyLayout } from './topology-layout.js';

export type TaskRole = 'active' | 'restoring' | 'standby';

export interface TaskReport {
  /** "<sub-topology>_<partition>", Kafka Streams' task id. */
  readonly id: string;
  readonly subtopology: number;
  readonly partition: number;
  readonly role: TaskRole;
  /** Records behind: input not fetched yet (active), changelog records not applied yet (standby, restoring). */
  readonly lag: number;
  /** Input records the task processed on this instance since it got the task (active only, else 0). */
  readonly processed: number;
  readonly deadLettered: number;
  /** Changelog records restored and still to restore, for a restoring task. */
  readonly restore: { readonly restored: number; readonly remaining: number } | null;
}

export interface InstanceReport {
  /** INSTANCE_ID */
  readonly instanceId: string;
  readonly applicationServer: string | null;
  /** APPLICATION_SERVER of every member of the group, this one included, as of the latest rebalance. */
  readonly members: ReadonlyArray<string>;
  readonly state: string;
  readonly rebalances: number;
  readonly tasks: ReadonlyArray<TaskReport>;
}

function parseTaskId(id: string): { subtopology: number; partition: number } {
  const [subtopology, partition] = id.split('_').map(Number);
  return { subtopology: subtopology ?? -1, partition: partition ?? -1 };
}

const byTaskId = (a: TaskReport, b: TaskReport): number => a.subtopology - b.subtopology || a.partition - b.partition;

/** This instance's tasks, one row each, from a snapshot of the runtime's metrics. */
export function instanceReport(
  metrics: StreamsMetrics,
  layout: TopologyLayout,
  identity: Pick<InstanceReport, 'instanceId' | 'applicationServer' | 'members'>,
): InstanceReport {
  const subtopologyOfTopic = new Map(
    layout.subtopologies.flatMap(({ id, sourceTopics }) => sourceTopics.map((topic) => [topic, id] as const)),
  );
  const subtopologyOfStore = new Map(
    layout.subtopologies.flatMap(({ id, stores }) => stores.map((store) => [store, id] as const)),
  );
  const inputLag = (subtopology: number, partition: number): number =>
    metrics.consumerLag
      .filter((lag) => lag.partition === partition && subtopologyOfTopic.get(lag.topic) === subtopology)
      .reduce((sum, { lag }) => sum + lag, 0);
  const restoreOf = (subtopology: number, partition: number) => {
    const restores = metrics.restoreProgress.filter(
      (progress) => progress.partition === partition && subtopologyOfStore.get(progress.store) === subtopology,
    );
    return {
      restored: restores.reduce((sum, { restored }) => sum + restored, 0),
      remaining: restores.reduce((sum, { remaining }) => sum + remaining, 0),
    };
  };
  const restoring = new Set(metrics.restoringTasks);
  const active = metrics.activeTasks.map((id): TaskReport => {
    const { subtopology, partition } = parseTaskId(id);
    const counters = metrics.tasks[id];
    const base = { id, subtopology, partition, deadLettered: counters?.deadLettered ?? 0 };
    if (restoring.has(id)) {
      const restore = restoreOf(subtopology, partition);
      return { ...base, role: 'restoring', lag: restore.remaining, processed: 0, restore };
    }
    const lag = inputLag(subtopology, partition);
    return { ...base, role: 'active', lag, processed: counters?.processed ?? 0, restore: null };
  });
  const restoringOnly = metrics.restoringTasks
    .filter((id) => !metrics.activeTasks.includes(id))
    .map((id): TaskReport => {
      const { subtopology, partition } = parseTaskId(id);
      const restore = restoreOf(subtopology, partition);
      return {
        id,
        subtopology,
        partition,
        role: 'restoring',
        lag: restore.remaining,
        processed: 0,
        deadLettered: 0,
        restore,
      };
    });
  const standbys = metrics.standbyTasks.map((id): TaskReport => {
    const { subtopology, partition } = parseTaskId(id);
    const lag = metrics.standby[id]?.lag ?? 0;
    return { id, subtopology, partition, role: 'standby', lag, processed: 0, deadLettered: 0, restore: null };
  });
  return {
    ...identity,
    state: metrics.state,
    rebalances: metrics.rebalances,
    tasks: [...active, ...restoringOnly, ...standbys].sort(byTaskId),
  };
}
