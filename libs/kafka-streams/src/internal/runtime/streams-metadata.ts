// Which instance holds which store and key (Java's StreamsMetadataState): built from the host → tasks map
// the group leader sends after every rebalance and from the task layout resolved at start. A key's partition
// is computed exactly as the runtime places records: murmur2 of the serialized key over the partition count
// of the store's sub-topology.
import type { TopicPartition } from '../../runtime/topic-partition.js';
import { partitionForKey } from '../engine/partitioner.js';
import type { Serializer } from '../../serde/serde.js';
import type { TopologyPlan } from '../topology/plan.js';
import { AssignmentInfoError, InvalidStateStoreError } from '../../errors/exceptions.js';
import type { AssignmentInfo } from '../assignment/assignment-info.js';
import { type HostInfo, parseHostInfo, sameHost } from '../../runtime/host-info.js';
import type { KafkaStreamsState } from '../../runtime/states.js';
import { formatTaskId, layoutTasks, type TaskDefinition } from './task-layout.js';
import type { SubtopologyTopics } from './topic-layout.js';
import type { KeyQueryMetadata, LocalQueryState, StreamsMetadata } from '../../runtime/streams-metadata.js';

type StoreLocation = { readonly global: true } | { readonly global: false; readonly subtopology: number };

interface SubtopologyPartitioning {
  /** Task count: the largest partition count of its source topics. */
  readonly partitions: number;
  /** The source topic with that count: the topic name the key is serialized for (as Java does). */
  readonly topic: string;
}

interface HostEntry {
  readonly hostInfo: HostInfo;
  readonly activeTasks: ReadonlySet<string>;
  readonly standbyTasks: ReadonlySet<string>;
}

export class StreamsMetadataState {
  private readonly locations = new Map<string, StoreLocation>();
  private readonly storesBySubtopology = new Map<number, string[]>();
  private readonly globalStoreNames: string[];
  private partitioning = new Map<number, SubtopologyPartitioning>();
  private tasks = new Map<string, TaskDefinition>();
  private hosts: HostEntry[] | undefined;

  constructor(
    plan: TopologyPlan,
    /** This instance's applicationServer, when configured. */
    readonly localHost: HostInfo | undefined,
  ) {
    for (const sub of plan.subtopologies) {
      const names = (sub.stores ?? []).map((builder) => builder.name);
      this.storesBySubtopology.set(sub.id, names);
      for (const name of names) this.locations.set(name, { global: false, subtopology: sub.id });
    }
    this.globalStoreNames = (plan.globalStores ?? []).map((global) => global.storeBuilder.name);
    for (const name of this.globalStoreNames) this.locations.set(name, { global: true });
  }

  /** The topics resolved at start: which tasks exist and what each reads. */
  setLayout(subtopologies: ReadonlyArray<SubtopologyTopics>, partitionCounts: ReadonlyMap<string, number>): void {
    this.tasks = new Map(layoutTasks(subtopologies, partitionCounts).map((task) => [formatTaskId(task.id), task]));
    this.partitioning = new Map();
    for (const sub of subtopologies) {
      let widest: SubtopologyPartitioning | undefined;
      for (const topic of sub.sourceTopics) {
        const partitions = partitionCounts.get(topic) ?? 0;
        if (partitions > (widest?.partitions ?? 0)) widest = { partitions, topic };
      }
      if (widest) this.partitioning.set(sub.id, widest);
    }
  }

  /** The map of the latest rebalance; `undefined` forgets it (stopped, or unreadable). */
  setAssignment(info: AssignmentInfo | undefined): void {
    this.hosts = info?.hosts.map((entry) => {
      let hostInfo: HostInfo;
      try {
        hostInfo = parseHostInfo(entry.host);
      } catch (error) {
        throw new AssignmentInfoError(`assignment user data names an invalid host: ${(error as Error).message}`);
      }
      return { hostInfo, activeTasks: new Set(entry.activeTasks), standbyTasks: new Set(entry.standbyTasks) };
    });
  }

  /** Every instance with an applicationServer, sorted by host and port; empty before the first rebalance. */
  allMetadata(): StreamsMetadata[] {
    return (this.hosts ?? [])
      .map((entry) => this.metadataOf(entry))
      .sort((a, b) => a.hostInfo.host.localeCompare(b.hostInfo.host) || a.hostInfo.port - b.hostInfo.port);
  }

  /** The instances holding `storeName` (active or standby). Throws InvalidStateStoreError for an unknown store. */
  allMetadataForStore(storeName: string): StreamsMetadata[] {
    this.locate(storeName);
    return this.allMetadata().filter(
      (metadata) => metadata.stateStoreNames.includes(storeName) || metadata.standbyStateStoreNames.includes(storeName),
    );
  }

  /** This instance's entry, when it has an applicationServer and the latest rebalance listed it. */
  localMetadata(): StreamsMetadata | undefined {
    const { localHost } = this;
    return localHost && this.allMetadata().find((metadata) => sameHost(metadata.hostInfo, localHost));
  }

  /**
   * Where `key` of `storeName` lives; `undefined` while unknown: before the first rebalance, or when the
   * key's task is assigned to a member without applicationServer. Throws InvalidStateStoreError for an
   * unknown store, and a TypeError when the key serializes to null.
   */
  keyQueryMetadata<K>(storeName: string, key: K, keySerializer: Serializer<K>): KeyQueryMetadata | undefined {
    const location = this.locate(storeName);
    if (!this.hosts) return undefined;
    if (location.global) {
      const activeHost = this.localHost ?? this.hosts[0]?.hostInfo;
      return activeHost && { activeHost, standbyHosts: [], partition: -1 };
    }
    const partition = this.partitionFor(location.subtopology, key, keySerializer);
    if (partition === undefined) return undefined;
    const taskId = formatTaskId({ subtopology: location.subtopology, partition });
    const active = this.hosts.find((entry) => entry.activeTasks.has(taskId));
    if (!active) return undefined;
    const standbyHosts = this.hosts.filter((entry) => entry.standbyTasks.has(taskId)).map((e) => e.hostInfo);
    return { activeHost: active.hostInfo, standbyHosts, partition };
  }

  /**
   * The store partition (= task partition) holding `key` of the non-global store `storeName`, known once
   * the layout is set; needs no rebalance (local interactive queries use it).
   */
  storePartition<K>(storeName: string, key: K, keySerializer: Serializer<K>): number | undefined {
    const location = this.locate(storeName);
    return location.global ? undefined : this.partitionFor(location.subtopology, key, keySerializer);
  }

  /** See LocalQueryState; `runtime` is this instance's current state and tasks. */
  localQueryState(
    storeName: string,
    partition: number,
    runtime: {
      readonly state: KafkaStreamsState;
      readonly activeTasks: ReadonlyArray<string>;
      readonly restoringTasks: ReadonlyArray<string>;
    },
  ): LocalQueryState {
    const location = this.locate(storeName);
    if (runtime.state !== 'RUNNING' && runtime.state !== 'REBALANCING') return 'not-running';
    if (!location.global) {
      const taskId = formatTaskId({ subtopology: location.subtopology, partition });
      if (runtime.restoringTasks.includes(taskId)) return 'restoring';
      if (!runtime.activeTasks.includes(taskId)) return 'not-active';
    }
    // Local store views answer only while RUNNING (no task of this instance restoring).
    return runtime.state === 'RUNNING' ? 'queryable' : 'rebalancing';
  }

  private partitionFor<K>(subtopology: number, key: K, keySerializer: Serializer<K>): number | undefined {
    const partitioning = this.partitioning.get(subtopology);
    if (!partitioning) return undefined;
    const bytes = keySerializer.serialize(partitioning.topic, key);
    if (bytes === null) throw new TypeError('the key serializes to null: a null key has no partition');
    return partitionForKey(bytes, partitioning.partitions);
  }

  private locate(storeName: string): StoreLocation {
    const location = this.locations.get(storeName);
    if (!location) {
      throw new InvalidStateStoreError(`no state store named "${storeName}" in this topology`, 'unknown-store');
    }
    return location;
  }

  private metadataOf(entry: HostEntry): StreamsMetadata {
    const active = this.describeTasks(entry.activeTasks);
    const standby = this.describeTasks(entry.standbyTasks);
    return {
      hostInfo: entry.hostInfo,
      stateStoreNames: [...new Set([...active.stores, ...this.globalStoreNames])],
      topicPartitions: active.partitions,
      standbyStateStoreNames: standby.stores,
      standbyTopicPartitions: standby.partitions,
    };
  }

  private describeTasks(taskIds: ReadonlySet<string>): { stores: string[]; partitions: TopicPartition[] } {
    const stores = new Set<string>();
    const partitions: TopicPartition[] = [];
    for (const taskId of taskIds) {
      const task = this.tasks.get(taskId);
      if (!task) continue; // a task of another layout (the leader saw other topics): nothing known about it
      for (const name of this.storesBySubtopology.get(task.id.subtopology) ?? []) stores.add(name);
      partitions.push(...task.inputs);
    }
    return { stores: [...stores], partitions };
  }
}
