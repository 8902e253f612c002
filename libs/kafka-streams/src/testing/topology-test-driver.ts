// TopologyTestDriver (Java: org.apache.kafka.streams.TopologyTestDriver): runs a topology without Kafka,
// synchronously and deterministically, through the very StreamTasks the runtime uses. Input topics have one
// partition; records written to repartition topics are partitioned with Java's murmur2 (as the runtime
// would) and fed to the downstream sub-topology's task for that partition before pipeInput returns.
// Records piped into a global store's topic are applied to the store by its processor right away.
import type { VersionedKeyValueStore } from '../state/versioned-store.js';
import { isVersionedStore } from '../internal/state/typed-versioned-store.js';
import { createGlobalStoreTask, createStreamTask } from '../internal/engine/create-task.js';
import { TopicPartitionMap } from '../internal/topic-partition-map.js';
import {
  type ConsumedRecord,
  type ProducedRecord,
  type RecordCollector,
  type StreamTask,
  zeroTaskMetrics,
} from '../internal/engine/contracts.js';
import type { TaskMetrics } from '../runtime/metrics.js';
import { formatTaskId } from '../processor/task-id.js';
import { partitionForKey } from '../internal/engine/partitioner.js';
import { errorHandlers } from '../errors/factories.js';
import type { ErrorHandlers } from '../errors/handlers.js';
import type { Deserializer, Headers, Serializer } from '../serde/serde.js';
import { GlobalUpdateListeners } from '../internal/runtime/global-update-listeners.js';
import type { GlobalStoreUpdateListener } from '../runtime/global-store-update.js';
import { readOnlyStore } from '../internal/state/read-only-store.js';
import type { KeyValueStore, SessionStore, StateStore, WindowStore } from '../state/store.js';
import type { GlobalStorePlan, SubtopologyPlan, TopologyPlan } from '../internal/topology/plan.js';
import type { StreamsLogger } from '../runtime/logger.js';
import { DriverStores } from './driver-stores.js';
import { RecordCache } from '../internal/state/record-cache.js';
import { TaskRecordCache } from '../internal/state/task-record-cache.js';
import { type LogEntry, RecordingLogger } from './recording-logger.js';
import { TestInputTopic, type TestInputTopicOptions, TestOutputTopic, type TopicEndpoint } from './test-topics.js';

export interface TopologyTestDriverOptions {
  /** Prefix of internal topic names (default "test-driver"). */
  readonly applicationId?: string;
  /** The mocked wall clock's start (default 0, for determinism). */
  readonly initialWallClockTimeMs?: number;
  /** Handlers replacing the defaults (LogAndFail for every kind). */
  readonly errorHandlers?: Partial<ErrorHandlers>;
  /** Also receives every log line (the driver keeps them in `logs` anyway). */
  readonly logger?: StreamsLogger;
  /**
   * The record cache's size (Java's `statestore.cache.max.bytes`, default 10 MiB; 0 disables it). As Java's driver,
   * this one commits after every record it processes and every wall-clock punctuation, which flushes the cache: it
   * merges only the updates one record makes to a key, and delays its store's downstream records to the end of it.
   */
  readonly cacheMaxBytes?: number;
}

/** Java's default `statestore.cache.max.bytes`: 10 MiB. */
const DEFAULT_CACHE_MAX_BYTES = 10 * 1024 * 1024;

interface DriverTask {
  readonly subtopology: SubtopologyPlan;
  readonly task: StreamTask;
  readonly stores: ReadonlyMap<string, StateStore>;
}

interface GlobalTask {
  readonly plan: GlobalStorePlan;
  readonly task: StreamTask;
  readonly stores: DriverStores;
}

export class TopologyTestDriver {
  readonly applicationId: string;
  private readonly plan: TopologyPlan;
  private readonly handlers: ErrorHandlers;
  private readonly logger: RecordingLogger;
  private readonly tasks = new Map<string, DriverTask>();
  private readonly produced = new Map<string, ProducedRecord[]>();
  private readonly nextOffsets = new TopicPartitionMap<bigint>();
  private readonly internalPartitions = new Map<string, number>();
  private readonly roundRobin = new Map<string, number>();
  private readonly globalTasks: GlobalTask[];
  /** What stream tasks get: read-only views of the global stores. */
  private readonly globalViews: ReadonlyMap<string, StateStore>;
  private readonly updateListeners: GlobalUpdateListeners;
  private readonly recordCache: RecordCache;
  private wallClock: number;
  private closed = false;

  constructor(topology: { plan(): TopologyPlan }, options: TopologyTestDriverOptions = {}) {
    this.applicationId = options.applicationId ?? 'test-driver';
    this.wallClock = options.initialWallClockTimeMs ?? 0;
    this.handlers = errorHandlers(options.errorHandlers);
    this.logger = new RecordingLogger(options.logger);
    this.plan = topology.plan();
    this.recordCache = new RecordCache(options.cacheMaxBytes ?? DEFAULT_CACHE_MAX_BYTES);
    this.updateListeners = new GlobalUpdateListeners(this.logger);
    this.globalTasks = (this.plan.globalStores ?? []).map((global) => this.createGlobalTask(global));
    this.globalViews = new Map(
      this.globalTasks.flatMap(({ stores }) => [...stores.all()].map(([name, store]) => [name, readOnlyStore(store)])),
    );
    for (const spec of this.plan.internalTopics)
      this.internalPartitions.set(this.internalName(spec.name), spec.partitions ?? 1);
    for (const subtopology of this.plan.subtopologies) {
      if (subtopology.sourcePatterns.length > 0) continue; // created when a matching topic gets its first record
      const topics = subtopology.sourceTopics.map((t) => (t.internal ? this.internalName(t.name) : t.name));
      const partitions = Math.max(...topics.map((t) => this.partitionCount(t)));
      for (let partition = 0; partition < partitions; partition++) {
        const inputs = topics.filter((t) => partition < this.partitionCount(t)).map((topic) => ({ topic, partition }));
        this.createTask(subtopology, partition, inputs);
      }
    }
  }

  createInputTopic<K, V>(
    name: string,
    keySerde: Serializer<K>,
    valueSerde: Serializer<V>,
    options: TestInputTopicOptions = {},
  ): TestInputTopic<K, V> {
    return new TestInputTopic(this.endpoint, name, keySerde, valueSerde, this.wallClock, options);
  }

  createOutputTopic<K, V>(name: string, keySerde: Deserializer<K>, valueSerde: Deserializer<V>): TestOutputTopic<K, V> {
    return new TestOutputTopic(this.endpoint, name, keySerde, valueSerde);
  }

  /** Advances the mocked wall clock, fires due wall-clock punctuators, and processes what they produce. */
  advanceWallClockTime(ms: number): void {
    if (ms < 0) throw new RangeError('advanceWallClockTime: ms must be >= 0');
    this.wallClock += ms;
    for (const { task } of this.globalTasks) task.punctuateWallClock(this.wallClock);
    for (const { task } of this.sortedTasks()) {
      task.punctuateWallClock(this.wallClock);
      task.flushCache?.(); // Java's driver commits after punctuating
    }
    this.drain();
  }

  wallClockTimeMs(): number {
    return this.wallClock;
  }

  /**
   * A state store of the topology, in memory (the driver builds every store with `withInMemory()`); with
   * several partitions of a repartition topic, the store of the lowest partition that has the name.
   */
  getStateStore<S extends StateStore = StateStore>(name: string): S | undefined {
    const global = this.globalTasks.map(({ stores }) => stores.get(name)).find((store) => store !== undefined);
    if (global) return global as S;
    for (const { stores } of this.sortedTasks()) {
      const store = stores.get(name);
      if (store !== undefined) return store as S;
    }
    return undefined;
  }

  getKeyValueStore<K, V>(name: string): KeyValueStore<K, V> | undefined {
    return this.getStateStore<KeyValueStore<K, V>>(name);
  }

  getVersionedKeyValueStore<K, V>(name: string): VersionedKeyValueStore<K, V> | undefined {
    const store = this.getStateStore(name);
    return isVersionedStore(store) ? (store as VersionedKeyValueStore<K, V>) : undefined;
  }

  getWindowStore<K, V>(name: string): WindowStore<K, V> | undefined {
    return this.getStateStore<WindowStore<K, V>>(name);
  }

  getSessionStore<K, V>(name: string): SessionStore<K, V> | undefined {
    return this.getStateStore<SessionStore<K, V>>(name);
  }

  /**
   * Calls `listener` after each record the global store `storeName`'s processor applied (a piped record
   * of its topic), like `KafkaStreams.onGlobalStoreUpdate`; returns a function that removes it.
   */
  onGlobalStoreUpdate<K, V>(storeName: string, listener: GlobalStoreUpdateListener<K, V>): () => void {
    if (!this.globalTasks.some(({ plan }) => plan.storeBuilder.name === storeName)) {
      throw new Error(`No global store named ${storeName} in this topology`);
    }
    return this.updateListeners.add(storeName, listener);
  }

  /** Every log line the tasks wrote (skipped records, dead letters, failures). */
  get logs(): ReadonlyArray<LogEntry> {
    return this.logger.entries;
  }

  /** The sum of every task's counters. */
  metrics(): TaskMetrics {
    const total = zeroTaskMetrics();
    for (const { task } of [...this.tasks.values(), ...this.globalTasks]) {
      const m = task.metrics?.();
      if (!m) continue;
      for (const key of Object.keys(total) as Array<keyof TaskMetrics>) total[key] += m[key];
    }
    return total;
  }

  /** Names of every topic something was produced to (including internal and dead-letter topics). */
  producedTopicNames(): string[] {
    return [...this.produced.keys()].sort();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const { task, stores } of this.tasks.values()) {
      task.close();
      for (const store of stores.values()) void store.close();
    }
    for (const { task, stores } of this.globalTasks) {
      task.close();
      stores.close();
    }
    this.tasks.clear();
  }

  // ---- internals ----

  private readonly endpoint: TopicEndpoint = {
    pipe: (topic, record) => {
      this.ensureOpen();
      const global = this.globalTasks.find(({ plan }) => plan.topic === topic);
      if (global) {
        global.task.addRecords([{ topic, partition: 0, offset: this.nextOffset(topic, 0), ...record }]);
        while (global.task.process(this.wallClock));
      } else if (!this.deliver(topic, 0, record)) {
        throw new Error(`Topic ${topic} is not a source topic of this topology`);
      }
      this.drain();
    },
    take: (topic) => this.produced.get(topic)?.shift(),
    queued: (topic) => this.produced.get(topic)?.length ?? 0,
  };

  private readonly collector: RecordCollector = {
    send: (record) => {
      const list = this.produced.get(record.topic) ?? [];
      this.produced.set(record.topic, list);
      const partitions = this.partitionCount(record.topic);
      const partition = record.partition ?? this.defaultPartition(record.topic, record.key, partitions);
      // Internal topics are read back only by the topology: keep them out of the output queues.
      if (!this.internalPartitions.has(record.topic)) list.push(record);
      this.deliver(record.topic, partition, record);
    },
    partitionsFor: (topic) => this.partitionCount(topic),
  };

  /** Hands a record to the task reading `topic`; false when no sub-topology reads it. */
  private deliver(
    topic: string,
    partition: number,
    record: { key: Buffer | null; value: Buffer | null; timestamp: number; headers: Headers },
  ): boolean {
    const subtopology = this.plan.subtopologies.find((s) => this.reads(s, topic));
    if (!subtopology) return false;
    const consumed: ConsumedRecord = { topic, partition, offset: this.nextOffset(topic, partition), ...record };
    const id = formatTaskId({ subtopology: subtopology.id, partition });
    const task = this.tasks.get(id)?.task ?? this.createTask(subtopology, partition, [{ topic, partition }]);
    task.addRecords([consumed]);
    return true;
  }

  private reads(subtopology: SubtopologyPlan, topic: string): boolean {
    return (
      subtopology.sourceTopics.some((t) => (t.internal ? this.internalName(t.name) : t.name) === topic) ||
      subtopology.sourcePatterns.some((p) => new RegExp(p.source, p.flags.replace('g', '')).test(topic))
    );
  }

  private createTask(
    subtopology: SubtopologyPlan,
    partition: number,
    inputs: Array<{ topic: string; partition: number }>,
  ): StreamTask {
    const id = { subtopology: subtopology.id, partition };
    const created: { task?: StreamTask } = {};
    const recordCache = new TaskRecordCache(this.recordCache, formatTaskId(id));
    const own = DriverStores.forTask(subtopology.stores ?? [], recordCache, {
      partition,
      changelogTopic: (store) => this.internalName(`${store}-changelog`),
      collector: this.collector,
      timestamp: () => created.task?.currentTimestampMs?.() ?? 0,
    });
    const task = createStreamTask(this.plan, id, inputs, {
      applicationId: this.applicationId,
      collector: this.collector,
      errorHandlers: this.handlers,
      internalTopicName: (name) => this.internalName(name),
      logger: this.logger,
      stores: own.all(),
      recordCache,
      globalStores: this.globalViews,
      wallClock: () => this.wallClock,
    });
    created.task = task;
    this.tasks.set(formatTaskId(id), { subtopology, task, stores: own.all() });
    return task;
  }

  private createGlobalTask(plan: GlobalStorePlan): GlobalTask {
    const stores = DriverStores.forGlobalStore(plan.storeBuilder);
    const task = createGlobalStoreTask(
      plan,
      [{ topic: plan.topic, partition: 0 }],
      {
        applicationId: this.applicationId,
        errorHandlers: this.handlers,
        internalTopicName: (name) => this.internalName(name),
        logger: this.logger,
        stores: stores.all(),
        wallClock: () => this.wallClock,
      },
      (update) => this.updateListeners.notify(update),
    );
    return { plan, task, stores };
  }

  private nextOffset(topic: string, partition: number): bigint {
    const key = { topic, partition };
    const offset = this.nextOffsets.get(key) ?? 0n;
    this.nextOffsets.set(key, offset + 1n);
    return offset;
  }

  /** Processes until no task has buffered records (repartitioned records included). */
  private drain(): void {
    let progressed = true;
    while (progressed) {
      progressed = false;
      for (const { task } of this.sortedTasks()) {
        // Java's driver commits (flushing the record cache) after each record.
        while (task.process(this.wallClock)) {
          task.flushCache?.();
          progressed = true;
        }
      }
    }
  }

  private sortedTasks(): DriverTask[] {
    return [...this.tasks.values()].sort(
      (a, b) => a.task.id.subtopology - b.task.id.subtopology || a.task.id.partition - b.task.id.partition,
    );
  }

  private partitionCount(topic: string): number {
    return this.internalPartitions.get(topic) ?? 1;
  }

  private defaultPartition(topic: string, key: Buffer | null, partitions: number): number {
    if (key !== null) return partitionForKey(key, partitions);
    const next = this.roundRobin.get(topic) ?? 0;
    this.roundRobin.set(topic, next + 1);
    return next % partitions;
  }

  private internalName(name: string): string {
    return `${this.applicationId}-${name}`;
  }

  private ensureOpen(): void {
    if (this.closed) throw new Error('The TopologyTestDriver is closed');
  }
}
