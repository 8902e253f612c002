// KafkaStreams: runs a built topology against a Kafka cluster. One consumer group (the application id),
// one task per (sub-topology, partition), at-least-once or exactly-once commits. See docs/runtime.md.
import type {
  AdminClient,
  BatchContext,
  FetchedBatch,
  GroupConsumer,
  KafkaClientFactory,
  RecordProducer,
} from '../internal/client/types.js';
import { KafkajsClientFactory } from '../internal/client/kafkajs/client-factory.js';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { StateStore } from '../state/store.js';
import type { StoreKind } from '../state/stores.js';
import type { GlobalStorePlan, TopologyPlan } from '../internal/topology/plan.js';
import { AtLeastOnceCommitter, type Committer } from '../internal/runtime/committer.js';
import { ExactlyOnceCommitter } from '../internal/runtime/eos/exactly-once-committer.js';
import { ExactlyOnceTasks } from '../internal/runtime/eos/exactly-once-tasks.js';
import { resolveStreamsConfig, type ResolvedStreamsConfig, type StreamsConfigInput } from './config.js';
import { StartAbortedError, InvalidStateStoreError, StreamsFatalError } from '../errors/exceptions.js';
import { GlobalStreamThread } from '../internal/runtime/global-stream-thread.js';
import { GlobalUpdateListeners } from '../internal/runtime/global-update-listeners.js';
import type { GlobalStoreUpdateListener } from './global-store-update.js';
import { type KeyLocator, queryableView } from '../internal/runtime/interactive-queries.js';
import type { QueryableStoreViews } from './queryable-store-views.js';
import { type AssignmentInfo, decodeAssignmentInfo } from '../internal/assignment/assignment-info.js';
import { changelogTopics } from '../internal/assignment/changelog-topics.js';
import { localTaskState } from '../internal/assignment/local-task-state.js';
import { type HostInfo, parseHostInfo } from './host-info.js';
import { StreamsMetadataState } from '../internal/runtime/streams-metadata.js';
import type { KeyQueryMetadata, LocalQueryState, StreamsMetadata } from './streams-metadata.js';
import { RestoreMetrics } from './restore-listener.js';
import { StateDirectoryCleaner } from '../internal/runtime/state-directory-cleaner.js';
import { StateRestorer } from '../internal/runtime/state-restorer.js';
import { StandbyTasks } from '../internal/runtime/standby-tasks.js';
import { OutputPartitioner } from '../internal/runtime/output-partitioner.js';
import { type KafkaStreamsState, type StateListener, StreamsStateMachine } from './states.js';
import { TaskAssignor } from '../internal/assignment/task-assignor.js';
import { layoutTasks, type TaskDefinition } from '../internal/runtime/task-layout.js';
import { TaskManager } from '../internal/runtime/task-manager.js';
import { resolveTopicLayout, type TopicLayout } from '../internal/runtime/topic-layout.js';
import type { Serializer } from '../serde/serde.js';
import { ConsumerLag } from '../internal/runtime/instruments/consumer-lag.js';
import { COMMIT_LATENCY_BUCKETS_MS, LatencyHistogram } from '../internal/runtime/instruments/latency-histogram.js';
import { allRestoreListeners, RestoreProgress } from '../internal/runtime/instruments/restore-progress.js';
import { type StreamsHealth, streamsHealth } from './streams-health.js';
import { storeEntries } from '../internal/runtime/instruments/task-metrics.js';
import { TimedCommitter } from '../internal/runtime/instruments/timed-committer.js';
import { TransactionCounters } from '../internal/runtime/instruments/transaction-counters.js';
import type { StreamsMetrics } from './metrics.js';

/** A built topology: its plan, or something that can produce one. */
export type RunnableTopology = TopologyPlan | { plan(): TopologyPlan };

export interface KafkaStreamsOptions {
  /** The Kafka client to use; kafkajs by default. */
  readonly clientFactory?: KafkaClientFactory;
}

/** Records processed between two heartbeats/yields at most, so a big batch cannot starve the group. */
const PROCESS_SLICE = 1_000;

export class KafkaStreams {
  private readonly config: ResolvedStreamsConfig;
  private readonly plan: TopologyPlan;
  private readonly clients: KafkaClientFactory;
  private readonly machine = new StreamsStateMachine();

  private admin: AdminClient | undefined;
  private producer: RecordProducer | undefined;
  private consumer: GroupConsumer | undefined;
  private tasks: TaskManager | undefined;
  private committer: Committer | undefined;
  private layout: TopicLayout | undefined;
  private taskDefinitions: TaskDefinition[] = [];
  private ticker: NodeJS.Timeout | undefined;
  private activeBatch: Promise<void> | undefined;
  private stopping = false;
  private failure: Error | undefined;
  /** Ends a start() in progress when close() is called. */
  private abortStart: ((error: StartAbortedError) => void) | undefined;
  /**
   * The step of start() in progress that close() must let finish before it closes anything: kafkajs cannot stop a
   * consumer while it joins its group (it would join after its disconnect, and fetch on). That is the group
   * consumer's run(), and the global stores' bootstrap, whose consumer joins a private group.
   */
  private unstoppableStartStep: Promise<void> | undefined;
  private closing: Promise<boolean> | undefined;
  private shuttingDown: Promise<void> | undefined;
  private cleaner: StateDirectoryCleaner | undefined;
  private readonly restoreMetrics = new RestoreMetrics();
  private readonly restoreProgress = new RestoreProgress();
  private readonly commitLatency = new LatencyHistogram(COMMIT_LATENCY_BUCKETS_MS);
  private readonly consumerLag = new ConsumerLag();
  private readonly transactions = new TransactionCounters();
  private rebalances = 0;
  private global: GlobalStreamThread | undefined;
  private readonly globalUpdates: GlobalUpdateListeners;
  /** Which instance holds which task, from the latest rebalance (routed interactive queries). */
  private readonly hostMetadata: StreamsMetadataState;
  /** Between kafkajs' REBALANCING event and the next assignment. */
  private awaitingAssignment = true;
  private assignor: TaskAssignor | undefined;
  private standbys: StandbyTasks | undefined;
  /** The follow-up rebalance the leader asked for while warm-up tasks catch up. */
  private followupRebalance: NodeJS.Timeout | undefined;

  constructor(topology: RunnableTopology, config: StreamsConfigInput, options: KafkaStreamsOptions = {}) {
    this.config = resolveStreamsConfig(config);
    this.plan = 'createTask' in topology ? topology : topology.plan();
    this.hostMetadata = new StreamsMetadataState(
      this.plan,
      this.config.applicationServer ? parseHostInfo(this.config.applicationServer) : undefined,
    );
    this.clients =
      options.clientFactory ??
      new KafkajsClientFactory({
        clientId: this.config.clientId,
        brokers: this.config.bootstrapServers,
        ...(this.config.tls ? { tls: this.config.tls } : {}),
        ...(this.config.sasl ? { sasl: this.config.sasl } : {}),
        logger: this.config.logger,
      });
    this.machine.onChange((next, previous) => this.config.logger.info('state change', { from: previous, to: next }));
    this.globalUpdates = new GlobalUpdateListeners(this.config.logger);
  }

  get state(): KafkaStreamsState {
    return this.machine.state;
  }

  /** The error that moved the application to ERROR, if any. */
  get error(): Error | undefined {
    return this.failure;
  }

  /** Registers a listener for state changes; returns a function that removes it. */
  onStateChange(listener: StateListener): () => void {
    return this.machine.onChange(listener);
  }

  /** Task ids ("<subtopology>_<partition>") this instance currently runs. */
  activeTasks(): string[] {
    return this.tasks?.taskIds() ?? [];
  }

  /** Tasks this instance restores and will run once restored. */
  restoringTasks(): string[] {
    return this.tasks?.restoringTaskIds() ?? [];
  }

  /** Tasks whose stores this instance keeps warm as standby copies (warm-ups included). */
  standbyTasks(): string[] {
    return this.standbys?.taskIds() ?? [];
  }

  metrics(): StreamsMetrics {
    const restoringTasks = this.restoringTasks();
    return {
      state: this.machine.state,
      activeTasks: this.activeTasks(),
      restoringTasks,
      standbyTasks: this.standbyTasks(),
      standby: this.standbys?.metrics() ?? {},
      restore: this.restoreMetrics.snapshot(),
      globalStores: this.global?.metrics() ?? {},
      globalStoreEntries: storeEntries(this.global?.storeViews() ?? []),
      tasks: this.tasks?.taskMetrics() ?? {},
      consumerLag: this.consumerLag.snapshot(),
      commitLatency: this.commitLatency.snapshot(),
      rebalances: this.rebalances,
      restoreProgress: this.restoreProgress.snapshot((store, partition) =>
        this.globalPlan(store)
          ? !(this.global?.isBootstrapped() ?? true)
          : restoringTasks.some((taskId) => this.storeTaskIds(store, partition).includes(taskId)),
      ),
      transactions: this.transactions.snapshot(),
    };
  }

  /**
   * Readiness and liveness (for probes): ready once RUNNING with every active task restored and the global stores
   * bootstrapped; live unless failed (ERROR or PENDING_ERROR).
   */
  health(): StreamsHealth {
    return streamsHealth({
      state: this.machine.state,
      restoringTasks: this.restoringTasks(),
      globalStoresBootstrapped: this.global?.isBootstrapped() ?? true,
      error: this.failure,
    });
  }

  /**
   * Calls `listener` after each live record applied to the global store `storeName` (once its processor
   * wrote it, so the listener may read the store): records of its topic that arrive after the bootstrap.
   * The bootstrap (restore) is reported to the restore listener instead. A listener that throws is logged.
   * Returns a function that removes the listener. The key and value types are the caller's claim.
   */
  onGlobalStoreUpdate<K, V>(storeName: string, listener: GlobalStoreUpdateListener<K, V>): () => void {
    if (!this.globalPlan(storeName)) {
      throw new InvalidStateStoreError(`no global store named "${storeName}" in this topology`, 'unknown-store');
    }
    return this.globalUpdates.add(storeName, listener);
  }

  /**
   * A read-only view of the state store `name` across this instance's active tasks (local interactive
   * queries). Every read throws InvalidStateStoreError unless the application is RUNNING (not
   * rebalancing, not restoring); the store must exist and be of `kind` (default key-value). A key-value
   * `get` reads only the store of the task the key is partitioned to (murmur2 of the store's key serde),
   * and returns undefined when that task runs on another instance. A global store is whole on every
   * instance and can be read once bootstrapped, while RUNNING or REBALANCING.
   */
  store<K, V>(name: string): QueryableStoreViews<K, V>['key-value'];
  store<K, V, T extends StoreKind>(name: string, kind: T): QueryableStoreViews<K, V>[T];
  store<K, V, T extends StoreKind>(name: string, kind?: T): QueryableStoreViews<K, V>[T] {
    const wanted = kind ?? ('key-value' as T);
    const global = this.globalPlan(name);
    const builder =
      global?.storeBuilder ?? this.plan.subtopologies.flatMap((s) => s.stores ?? []).find((b) => b.name === name);
    if (!builder) throw new InvalidStateStoreError(`no state store named "${name}" in this topology`, 'unknown-store');
    if (builder.kind !== wanted) {
      throw new InvalidStateStoreError(
        `state store "${name}" is a ${builder.kind} store, not a ${wanted} store`,
        'wrong-type',
      );
    }
    if (global) return queryableView<K, V, T>(wanted, () => [this.queryableGlobalStore(name)]);
    const runningTasks = (): TaskManager => {
      if (this.machine.state !== 'RUNNING' || !this.tasks) {
        throw new InvalidStateStoreError(
          `state store "${name}" cannot be queried while the application is ${this.machine.state}; retry once it is RUNNING`,
          'not-running',
        );
      }
      return this.tasks;
    };
    const { keySerde } = builder;
    // A key-value `get` reads only the store of the key's partition, found as the runtime partitions records.
    const locate: KeyLocator | undefined = keySerde
      ? (key) => {
          const tasks = runningTasks();
          const partition = this.hostMetadata.storePartition(name, key, keySerde);
          return partition === undefined ? undefined : (tasks.activeStore(name, partition) ?? 'elsewhere');
        }
      : undefined;
    return queryableView<K, V, T>(wanted, () => runningTasks().activeStores(name), locate);
  }

  /** This instance's `applicationServer`, where it answers interactive queries; undefined when not configured. */
  get applicationServer(): HostInfo | undefined {
    return this.hostMetadata.localHost;
  }

  /**
   * Where `key` of the store `storeName` lives (Java's queryMetadataForKey): the instance running its task
   * and the store partition, computed as the runtime partitions records (murmur2 of `keySerializer`'s bytes).
   * `undefined` while the owner is unknown: not RUNNING or REBALANCING, no rebalance completed yet, or the
   * owner has no applicationServer. While REBALANCING it answers from the previous rebalance, so the owner
   * must check `localQueryState` before answering. Throws InvalidStateStoreError for an unknown store.
   */
  queryMetadataForKey<K>(storeName: string, key: K, keySerializer: Serializer<K>): KeyQueryMetadata | undefined {
    const metadata = this.hostMetadata.keyQueryMetadata(storeName, key, keySerializer);
    return this.isRunningOrRebalancing() ? metadata : undefined;
  }

  /** Every instance of the application with an applicationServer (empty unless RUNNING or REBALANCING). */
  allMetadata(): StreamsMetadata[] {
    return this.isRunningOrRebalancing() ? this.hostMetadata.allMetadata() : [];
  }

  /** The instances holding the store `storeName`; global stores are on every instance. */
  allMetadataForStore(storeName: string): StreamsMetadata[] {
    const metadata = this.hostMetadata.allMetadataForStore(storeName);
    return this.isRunningOrRebalancing() ? metadata : [];
  }

  /** This instance's entry in `allMetadata()`. */
  localMetadata(): StreamsMetadata | undefined {
    return this.isRunningOrRebalancing() ? this.hostMetadata.localMetadata() : undefined;
  }

  /**
   * Whether partition `partition` (from `queryMetadataForKey`; -1 for global stores) of `storeName` can be
   * read from this instance's local stores right now, and if not, why.
   */
  localQueryState(storeName: string, partition: number): LocalQueryState {
    return this.hostMetadata.localQueryState(storeName, partition, {
      state: this.machine.state,
      activeTasks: this.activeTasks(),
      restoringTasks: this.restoringTasks(),
    });
  }

  /**
   * Checks the topics, creates internal topics, bootstraps the global stores, joins the group and starts
   * processing. Resolves once the consumer runs (the state is REBALANCING until the first assignment arrives);
   * rejects, leaving the instance in ERROR, when the topology cannot run (e.g. a missing source topic).
   * `close()` called before it resolved aborts it: it rejects with StartAbortedError once close() resolved.
   */
  start(): Promise<void> {
    if (this.machine.state !== 'CREATED') {
      return Promise.reject(new Error(`start() is only allowed in state CREATED (current: ${this.machine.state})`));
    }
    this.machine.transition('REBALANCING');
    // Set before startClients() runs: close() may be called from within it (by a client it calls).
    const aborted = new Promise<never>((_, reject) => (this.abortStart = reject));
    return Promise.race([this.startClients(), aborted]).catch(async (error: unknown) => {
      if (error instanceof StartAbortedError) {
        await this.closing?.catch(() => undefined);
        throw error;
      }
      const cause = toError(error);
      this.fail(cause);
      await this.shuttingDown;
      throw cause;
    });
  }

  /**
   * Stops processing: finishes the batch in progress and the records already buffered, flushes the
   * output, commits, leaves the group. Resolves true when all of that finished within `timeoutMs`.
   * During `start()`, it does not wait for start() to finish: it disconnects what start() connected so far
   * (letting a group join in progress end first, as kafkajs cannot stop it) and start() rejects with
   * StartAbortedError. A connection attempt in progress is closed when it ends (kafkajs retries an unreachable
   * broker for about 10 s whatever happens meanwhile).
   */
  close(options: { timeoutMs?: number } = {}): Promise<boolean> {
    if (this.closing) return this.closing;
    const state = this.machine.state;
    if (state === 'PENDING_ERROR' || state === 'ERROR') {
      this.closing = (this.shuttingDown ?? Promise.resolve()).then(() => true);
      return this.closing;
    }
    this.machine.transition('PENDING_SHUTDOWN');
    this.stopping = true;
    this.abortStart?.(new StartAbortedError());
    this.closing = this.closeGracefully(options.timeoutMs ?? Number.POSITIVE_INFINITY);
    return this.closing;
  }

  /** The tasks holding partition `partition` of the store `storeName`. */
  private storeTaskIds(storeName: string, partition: number): string[] {
    return this.plan.subtopologies
      .filter((s) => s.stores?.some((builder) => builder.name === storeName))
      .map((s) => `${s.id}_${partition}`);
  }

  private globalPlan(storeName: string): GlobalStorePlan | undefined {
    return this.plan.globalStores?.find((global) => global.storeBuilder.name === storeName);
  }

  private queryableGlobalStore(name: string): StateStore {
    const { state } = this.machine;
    const store = state === 'RUNNING' || state === 'REBALANCING' ? this.global?.queryableStore(name) : undefined;
    if (!store) {
      const reason = this.global?.isBootstrapped() ? `the application is ${state}` : 'it is being bootstrapped';
      throw new InvalidStateStoreError(
        `global store "${name}" cannot be queried while ${reason}; retry once the application is RUNNING`,
        'not-running',
      );
    }
    return store;
  }

  /** Fills the global stores up to the end of their topics (stream tasks start after). */
  private async bootstrapGlobalStores(admin: AdminClient, layout: TopicLayout): Promise<void> {
    const { config } = this;
    const plans = this.plan.globalStores ?? [];
    if (plans.length === 0) return;
    const groupId = `${config.applicationId}-global-${randomUUID()}`;
    this.global = new GlobalStreamThread({
      plans,
      applicationId: config.applicationId,
      stateDir: config.stateDir,
      admin,
      consumer: this.clients.globalConsumer({ groupId, maxWaitTimeMs: Math.min(500, config.commitIntervalMs) }),
      groupId,
      partitionCounts: layout.partitionCounts,
      errorHandlers: config.errorHandlers,
      commitIntervalMs: config.commitIntervalMs,
      tickIntervalMs: config.wallClockPunctuationIntervalMs,
      restoreListener: allRestoreListeners(this.restoreProgress, config.restoreListener),
      restoreMetrics: this.restoreMetrics,
      updateListeners: this.globalUpdates,
      logger: config.logger,
      onFatalError: (error) => this.fail(error),
    });
    // Ends early once stopping.
    await this.unstoppableStep(this.global.bootstrap(() => this.stopping || this.failure !== undefined));
  }

  /**
   * Every step ends start() when close() was called or the application failed meanwhile (see `startStep`), so that
   * nothing is created or connected after close() closed what exists.
   */
  private async startClients(): Promise<void> {
    const { config } = this;
    const admin = (this.admin = this.clients.admin());
    await this.startStep(admin.connect());
    const replicationFactor = config.replicationFactor ?? Math.min(3, await this.startStep(admin.brokerCount()));
    const layout = (this.layout = await this.startStep(
      resolveTopicLayout(this.plan, this.untilStopping(admin), {
        applicationId: config.applicationId,
        replicationFactor,
      }),
    ));
    if (layout.missingInternalTopics.length > 0) {
      await this.startStep(admin.createTopics(layout.missingInternalTopics));
      config.logger.info('internal topics created', { topics: layout.missingInternalTopics.map((t) => t.name) });
    }
    await this.bootstrapGlobalStores(admin, layout);
    this.taskDefinitions = layoutTasks(layout.subtopologies, layout.partitionCounts);
    this.hostMetadata.setLayout(layout.subtopologies, layout.partitionCounts);

    // Under exactly-once every task writes with a transactional producer of its own instead. Without stream
    // tasks (only global stores) nothing is ever written: no producer, so no Write rights are needed.
    const hasStreamTasks = layout.subtopologies.some((s) => s.sourceTopics.length > 0);
    const eos = config.processingGuarantee === 'exactly_once' ? this.exactlyOnceTasks(admin) : undefined;
    const producer = eos || !hasStreamTasks ? undefined : (this.producer = this.clients.producer());
    if (producer) await this.startStep(producer.connect());
    const applicationDirectory = join(config.stateDir, config.applicationId);
    const assignor = (this.assignor = new TaskAssignor(() => layout.subtopologies, {
      ...(config.applicationServer ? { applicationServer: config.applicationServer } : {}),
      logger: config.logger,
      changelogTopics: (subtopology) => changelogTopics(this.plan, config.applicationId, subtopology),
      localState: () =>
        localTaskState({
          applicationDirectory,
          runningTasks: () => this.activeTasks(),
          standbyOffsets: () => this.standbys?.offsets() ?? new Map(),
        }),
      offsetRanges: (partitions) => admin.offsetRange(partitions),
      numStandbyReplicas: config.numStandbyReplicas,
      acceptableRecoveryLag: config.acceptableRecoveryLag,
      maxWarmupReplicas: config.maxWarmupReplicas,
      probingRebalanceIntervalMs: config.probingRebalanceIntervalMs,
    }));
    const consumer = (this.consumer = this.clients.consumer({
      groupId: config.applicationId,
      assignor,
      sessionTimeoutMs: config.sessionTimeoutMs,
      heartbeatIntervalMs: config.heartbeatIntervalMs,
      maxWaitTimeMs: Math.min(500, config.commitIntervalMs),
      readCommitted: true, // records of aborted transactions are never processed
    }));
    const partitioner = new OutputPartitioner(layout.partitionCounts, (topics) => admin.partitionCounts(topics));
    const restorer = new StateRestorer({
      admin,
      newReader: (taskId) =>
        this.clients.changelogReader({ groupId: `${config.applicationId}-restore-${taskId}-${randomUUID()}` }),
      listener: allRestoreListeners(this.restoreProgress, config.restoreListener),
      metrics: this.restoreMetrics,
      logger: config.logger,
      wipeUncheckpointedState: eos !== undefined,
    });
    const tasks = (this.tasks = new TaskManager({
      plan: this.plan,
      applicationId: config.applicationId,
      errorHandlers: config.errorHandlers,
      logger: config.logger,
      partitioner,
      producerFor: () => producer!, // exactly-once tasks get producers of their own from the lifecycle
      consumer,
      taskDefinitions: () => this.taskDefinitions,
      stateDir: config.stateDir,
      restorer,
      globalStores: () => this.global?.storeViews() ?? new Map(),
      onFatalError: (error) => this.fail(error),
      onRestorationComplete: () => this.becomeRunningIfReady(),
      stateHandover: (taskId) => this.standbys?.release(taskId) ?? Promise.resolve(),
      ...(eos ? { lifecycle: eos } : {}),
    }));
    const standbys = (this.standbys = new StandbyTasks({
      plan: this.plan,
      applicationId: config.applicationId,
      stateDir: config.stateDir,
      admin,
      newReader: () => {
        const groupId = `${config.applicationId}-standby-${randomUUID()}`;
        return { consumer: this.clients.globalConsumer({ groupId, maxWaitTimeMs: 500 }), groupId };
      },
      activeStateReleased: (taskId) => tasks.stateReleased(taskId),
      checkpointIntervalMs: config.commitIntervalMs,
      logger: config.logger,
    }));
    this.cleaner = new StateDirectoryCleaner(
      applicationDirectory,
      config.stateCleanupDelayMs,
      () => new Set([...tasks.tasksWithState(), ...standbys.taskIds()]),
      config.logger,
    );
    this.committer = new TimedCommitter(
      eos
        ? new ExactlyOnceCommitter(tasks, eos, config.commitIntervalMs, config.logger)
        : new AtLeastOnceCommitter(tasks, consumer, config.commitIntervalMs, config.logger),
      this.commitLatency,
    );

    this.ticker = setInterval(() => this.onTick(), config.wallClockPunctuationIntervalMs);
    this.cleaner.start();
    const sourceTopics = [...new Set(layout.subtopologies.flatMap((s) => s.sourceTopics))];
    if (sourceTopics.length === 0) {
      // Only global stores: nothing to be assigned, so no group to join.
      this.awaitingAssignment = false;
      this.becomeRunningIfReady();
      return;
    }
    await this.startStep(consumer.connect());
    await this.startStep(consumer.subscribe(sourceTopics, { fromBeginning: true }));
    const joining = consumer.run((batch, context) => this.onBatch(batch, context), {
      onRebalancing: () => this.onRebalancing(),
      onAssigned: (partitions) =>
        this.guard(() => {
          if (this.shuttingDown) return; // a join close() let finish: its tasks would only be closed again
          this.awaitingAssignment = false;
          this.rebalances++;
          this.consumerLag.onAssigned(partitions);
          void this.consumerLag.estimate(partitions, admin, config.applicationId, config.logger);
          tasks.onAssigned(partitions);
          this.becomeRunningIfReady();
        }),
      onAssignmentUserData: (userData) => this.onAssignmentUserData(userData),
      onBatchHandled: (position) => this.consumerLag.onBatchHandled(position),
      onFatalError: (error) => this.fail(error),
    });
    await this.unstoppableStep(joining);
  }

  /**
   * Awaits a step of start(), then ends start() if close() was called or the application failed meanwhile. The
   * shutdown does not wait for such a step (it may be a connect kafkajs retries for seconds), so it may have
   * disconnected the clients while the step ran, and kafkajs reconnects to retry a request: once the step ended,
   * the clients are disconnected again.
   */
  private async startStep<T>(step: Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await step;
    } catch (error) {
      if (!this.stopping) throw error;
      return this.abandonStart();
    }
    if (this.stopping) return this.abandonStart();
    return result;
  }

  /** `admin` for a step of start() made of several requests: those not begun yet when close() is called fail. */
  private untilStopping(admin: AdminClient): AdminClient {
    return new Proxy(admin, {
      get: (target, property, receiver) => {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) =>
          this.stopping ? Promise.reject(new StartAbortedError()) : Reflect.apply(value, target, args);
      },
    });
  }

  /** A step of start() the shutdown waits for (see `unstoppableStartStep`). */
  private async unstoppableStep(step: Promise<void>): Promise<void> {
    this.unstoppableStartStep = step.catch(() => undefined);
    try {
      await this.startStep(step);
    } finally {
      this.unstoppableStartStep = undefined;
    }
  }

  private async abandonStart(): Promise<never> {
    if (this.shuttingDown) {
      await this.shuttingDown;
      await this.disconnectClients();
    }
    throw this.failure ?? new StartAbortedError();
  }

  /** One transactional producer per task; see eos/exactly-once-tasks.ts. */
  private exactlyOnceTasks(admin: AdminClient): ExactlyOnceTasks {
    const { config } = this;
    return new ExactlyOnceTasks({
      applicationId: config.applicationId,
      clients: this.clients,
      admin,
      // A transaction stays open for about a commit interval; this only bounds one whose producer vanished.
      transactionTimeoutMs: Math.max(60_000, 2 * config.commitIntervalMs),
      // Long enough for the group to notice a rebalance (a heartbeat) and hand the task elsewhere.
      fencedRestartDelayMs: 2 * config.heartbeatIntervalMs + 1_000,
      logger: config.logger,
      transactionCounters: this.transactions,
      reviveTask: (taskId) => this.guard(() => this.tasks?.reviveTask(taskId)),
      stopping: () => this.stopping || this.failure !== undefined,
    });
  }

  /** RUNNING once assigned and every task is restored (Java stays REBALANCING while restoring). */
  private becomeRunningIfReady(): void {
    if (this.stopping || this.failure || this.awaitingAssignment) return;
    if (this.machine.state === 'REBALANCING' && this.tasks?.restoringTaskIds().length === 0) {
      this.machine.transition('RUNNING');
    }
  }

  /** `batch` undefined: only what the tasks already buffered. */
  private async onBatch(batch: FetchedBatch | undefined, context: BatchContext): Promise<void> {
    if (this.stopping || this.failure || !context.isActive()) return;
    const running = this.processBatch(batch, context);
    this.activeBatch = running.catch(() => undefined);
    try {
      await running;
    } finally {
      this.activeBatch = undefined;
    }
  }

  private async processBatch(batch: FetchedBatch | undefined, context: BatchContext): Promise<void> {
    const tasks = this.tasks!;
    if (batch && !tasks.addRecords(batch)) return;
    while (!this.failure) {
      // Stores must not change while a commit flushes them.
      await this.committer!.idle();
      if (this.failure || !context.isActive()) break;
      const processed = this.guard(() => tasks.process(PROCESS_SLICE, Date.now())) ?? 0;
      if (processed < PROCESS_SLICE) break;
      // Throws when the group is rebalancing: kafkajs then rejoins, and the buffered records stay with
      // their task if it is kept.
      await context.heartbeat();
    }
    if (this.failure) return;
    await this.guardAsync(async () => {
      await tasks.flush();
      if (this.committer!.due(Date.now())) await this.committer!.commit('interval');
    });
  }

  private onTick(): void {
    if (this.stopping || this.failure || this.machine.state !== 'RUNNING') return;
    if (this.committer!.busy) return; // punctuators may write to stores being flushed
    this.guard(() => this.tasks!.punctuate(Date.now()));
    if (this.activeBatch || this.failure) return; // the batch in progress flushes and commits when it ends
    if (this.tasks!.buffered() > 0) {
      // Records a rebalance left in a kept task's buffer (its batch was cut short): no batch brings them back.
      void this.onBatch(undefined, { heartbeat: () => yieldToEventLoop(), isActive: () => !this.stopping });
      return;
    }
    if (this.committer!.due(Date.now())) void this.guardAsync(() => this.committer!.commit('interval'));
    else void this.guardAsync(() => this.tasks!.flush()); // what punctuators produced
  }

  private onRebalancing(): void {
    this.awaitingAssignment = true;
    clearTimeout(this.followupRebalance); // the new assignment says whether another one is needed
    if (this.machine.state === 'RUNNING') this.machine.transition('REBALANCING');
    // Best effort: kafkajs rejoins without waiting for listeners, so this commit races the JoinGroup.
    if (!this.stopping && !this.failure) void this.guardAsync(() => this.committer!.commit('rebalance'));
  }

  private onAssignmentUserData(userData: Buffer): void {
    try {
      const info = decodeAssignmentInfo(userData);
      this.applyStandbyAssignment(info);
      this.hostMetadata.setAssignment(info);
    } catch (error) {
      this.hostMetadata.setAssignment(undefined);
      this.config.logger.warn('unreadable assignment user data; query metadata unknown until the next rebalance', {
        error: String(error),
      });
    }
  }

  /** This member's standby tasks, and the follow-up rebalance that moves tasks to warmed-up copies. */
  private applyStandbyAssignment(info: AssignmentInfo): void {
    if (this.stopping || this.failure) return;
    this.standbys?.assign(info.standbyTasks ?? []);
    clearTimeout(this.followupRebalance);
    if (info.followupRebalanceMs === undefined) return;
    this.followupRebalance = setTimeout(() => {
      this.config.logger.info('asking for a follow-up rebalance: warm-up copies may have caught up', {
        warmupTasks: info.warmupTasks ?? [],
      });
      this.assignor?.requestRebalance();
      this.consumer?.requestRejoin();
    }, info.followupRebalanceMs);
    this.followupRebalance.unref();
  }

  private isRunningOrRebalancing(): boolean {
    return this.machine.state === 'RUNNING' || this.machine.state === 'REBALANCING';
  }

  private async closeGracefully(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      if (Number.isFinite(timeoutMs)) timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const clean = await Promise.race([this.drainAndCommit(), timedOut]);
    clearTimeout(timer);
    if (!clean) this.config.logger.warn('close did not finish draining in time', { timeoutMs });
    await this.shutdown(clean);
    this.machine.transition('NOT_RUNNING');
    return clean;
  }

  private async drainAndCommit(): Promise<boolean> {
    await this.activeBatch;
    const { tasks, committer } = this;
    if (!tasks || !committer || this.failure) return !this.failure;
    try {
      await committer.idle();
      while (tasks.process(PROCESS_SLICE, Date.now()) > 0);
      await committer.commit('close');
      return true;
    } catch (error) {
      this.config.logger.error('could not commit on close', { error: String(error) });
      return false;
    }
  }

  /** `clean`: the final commit succeeded, so task state is checkpointed as it closes. */
  private shutdown(clean: boolean): Promise<void> {
    this.shuttingDown ??= (async () => {
      this.stopping = true;
      clearInterval(this.ticker);
      clearTimeout(this.followupRebalance);
      await this.unstoppableStartStep;
      await this.cleaner?.stop();
      await this.standbys?.close(clean && !this.failure);
      try {
        await this.tasks?.closeAll(clean && !this.failure);
      } catch (error) {
        this.config.logger.warn('error while closing tasks', { error: String(error) });
      }
      await this.global?.close(clean && !this.failure);
      await this.disconnectClients();
    })();
    return this.shuttingDown;
  }

  private async disconnectClients(): Promise<void> {
    for (const client of [this.consumer, this.producer, this.admin]) {
      try {
        await client?.disconnect();
      } catch (error) {
        this.config.logger.warn('error while disconnecting', { error: String(error) });
      }
    }
  }

  /** A fatal error: stop without committing (the uncommitted tail is reprocessed later), end in ERROR. */
  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.config.logger.error('stream processing failed', { error: error.message, stack: error.stack });
    if (!this.machine.transition('PENDING_ERROR')) return void this.shutdown(false);
    void this.shutdown(false).then(() => this.machine.transition('ERROR'));
  }

  private guard<T>(work: () => T): T | undefined {
    try {
      return work();
    } catch (error) {
      this.fail(toError(error));
      return undefined;
    }
  }

  private async guardAsync(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.fail(toError(error));
    }
  }
}

function toError(error: unknown): Error {
  if (error instanceof Error) return error;
  return new StreamsFatalError(String(error));
}
