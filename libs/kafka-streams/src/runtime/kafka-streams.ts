// KafkaStreams: runs a built topology against a Kafka cluster. One consumer group (the application id),
// one task per (sub-topology, partition), at-least-once or exactly-once commits. See docs/runtime.md.
// A facade: it owns the state machine and the start/close orchestration, and delegates the poll → process →
// commit loop to the stream thread (internal/runtime/stream-thread.ts), the interactive queries to
// InteractiveQueries (internal/runtime/interactive-queries.ts) and the global stores to the global stream thread.
import type { AdminClient, KafkaClientFactory, RecordProducer } from '../internal/client/types.js';
import { KafkajsClientFactory } from '../internal/client/kafkajs/client-factory.js';
import { PlatformaticClientFactory } from '../internal/client/platformatic/client-factory.js';
import { randomUUID } from 'node:crypto';
import type { StoreKind } from '../state/stores.js';
import type { TopologyPlan } from '../internal/topology/plan.js';
import type { ExactlyOnce } from '../internal/runtime/eos/exactly-once.js';
import { ExactlyOnceTasks } from '../internal/runtime/eos/exactly-once-tasks.js';
import { ExactlyOnceThread } from '../internal/runtime/eos/exactly-once-thread.js';
import { resolveStreamsConfig, type ResolvedStreamsConfig, type StreamsConfigInput } from './config.js';
import { StartAbortedError, InvalidStateStoreError } from '../errors/exceptions.js';
import { GlobalStreamThread } from '../internal/runtime/global-stream-thread.js';
import { GlobalUpdateListeners } from '../internal/runtime/global-update-listeners.js';
import type { GlobalStoreUpdateListener } from './global-store-update.js';
import { InteractiveQueries } from '../internal/runtime/interactive-queries.js';
import type { QueryableStoreViews } from './queryable-store-views.js';
import { type HostInfo, parseHostInfo } from './host-info.js';
import { StreamsMetadataState } from '../internal/runtime/streams-metadata.js';
import type { KeyQueryMetadata, LocalQueryState, StreamsMetadata } from './streams-metadata.js';
import { RestoreMetrics } from './restore-listener.js';
import { type KafkaStreamsState, type StateListener, StreamsStateMachine } from './states.js';
import { layoutTasks, type TaskDefinition } from '../internal/runtime/task-layout.js';
import { resolveTopicLayout, type TopicLayout } from '../internal/runtime/topic-layout.js';
import { withTableSourceChangelogs } from '../internal/runtime/table-source-changelogs.js';
import { StreamThread, toError } from '../internal/runtime/stream-thread.js';
import type { Serializer } from '../serde/serde.js';
import { ConsumerLag } from '../internal/runtime/instruments/consumer-lag.js';
import { COMMIT_LATENCY_BUCKETS_MS, LatencyHistogram } from '../internal/runtime/instruments/latency-histogram.js';
import { allRestoreListeners, RestoreProgress } from '../internal/runtime/instruments/restore-progress.js';
import { type StreamsHealth, streamsHealth } from './streams-health.js';
import { storeEntries } from '../internal/runtime/instruments/task-metrics.js';
import { TransactionCounters } from '../internal/runtime/instruments/transaction-counters.js';
import type { StreamsMetrics } from './metrics.js';

/** A built topology: its plan, or something that can produce one. */
export type RunnableTopology = TopologyPlan | { plan(): TopologyPlan };

export interface KafkaStreamsOptions {
  /** The Kafka client to use; by default the one StreamsConfig's `client` names. */
  readonly clientFactory?: KafkaClientFactory;
}

export class KafkaStreams {
  private readonly config: ResolvedStreamsConfig;
  private readonly plan: TopologyPlan;
  private readonly clients: KafkaClientFactory;
  private readonly machine = new StreamsStateMachine();

  private admin: AdminClient | undefined;
  private producer: RecordProducer | undefined;
  /** The group consumer and its poll → process → commit loop, once start() got that far. */
  private thread: StreamThread | undefined;
  private layout: TopicLayout | undefined;
  private taskDefinitions: TaskDefinition[] = [];
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
  private readonly restoreMetrics = new RestoreMetrics();
  private readonly restoreProgress = new RestoreProgress();
  private readonly commitLatency = new LatencyHistogram(COMMIT_LATENCY_BUCKETS_MS);
  private readonly consumerLag = new ConsumerLag();
  private readonly transactions = new TransactionCounters();
  private global: GlobalStreamThread | undefined;
  private readonly globalUpdates: GlobalUpdateListeners;
  /** Which instance holds which task, from the latest rebalance (routed interactive queries). */
  private readonly hostMetadata: StreamsMetadataState;
  private readonly queries: InteractiveQueries;

  constructor(topology: RunnableTopology, config: StreamsConfigInput, options: KafkaStreamsOptions = {}) {
    this.config = resolveStreamsConfig(config);
    this.plan = 'plan' in topology ? topology.plan() : topology;
    this.hostMetadata = new StreamsMetadataState(
      this.plan,
      this.config.applicationServer ? parseHostInfo(this.config.applicationServer) : undefined,
    );
    this.clients = options.clientFactory ?? clientFactoryFor(this.config);
    this.machine.onChange((next, previous) => this.config.logger.info('state change', { from: previous, to: next }));
    this.globalUpdates = new GlobalUpdateListeners(this.config.logger);
    this.queries = new InteractiveQueries(this.plan, this.hostMetadata, {
      state: () => this.machine.state,
      tasks: () => this.thread?.tasks,
      global: () => this.global,
      activeTasks: () => this.activeTasks(),
      restoringTasks: () => this.restoringTasks(),
    });
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
    return this.thread?.tasks.taskIds() ?? [];
  }

  /** Tasks this instance restores and will run once restored. */
  restoringTasks(): string[] {
    return this.thread?.tasks.restoringTaskIds() ?? [];
  }

  /** Tasks whose stores this instance keeps warm as standby copies (warm-ups included). */
  standbyTasks(): string[] {
    return this.thread?.standbys.taskIds() ?? [];
  }

  metrics(): StreamsMetrics {
    const restoringTasks = this.restoringTasks();
    return {
      state: this.machine.state,
      activeTasks: this.activeTasks(),
      restoringTasks,
      standbyTasks: this.standbyTasks(),
      standby: this.thread?.standbys.metrics() ?? {},
      restore: this.restoreMetrics.snapshot(),
      globalStores: this.global?.metrics() ?? {},
      globalStoreEntries: storeEntries(this.global?.storeViews() ?? []),
      tasks: this.thread?.tasks.taskMetrics() ?? {},
      consumerLag: this.consumerLag.snapshot(),
      commitLatency: this.commitLatency.snapshot(),
      rebalances: this.thread?.rebalances ?? 0,
      partitionsLost: this.thread?.partitionsLost ?? 0,
      restoreProgress: this.restoreProgress.snapshot((store, partition) =>
        this.queries.globalPlan(store)
          ? !(this.global?.isBootstrapped() ?? true)
          : restoringTasks.some((taskId) => this.queries.storeTaskIds(store, partition).includes(taskId)),
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
    if (!this.queries.globalPlan(storeName)) {
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
    return this.queries.store<K, V, T>(name, kind);
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
    return this.queries.queryMetadataForKey(storeName, key, keySerializer);
  }

  /** Every instance of the application with an applicationServer (empty unless RUNNING or REBALANCING). */
  allMetadata(): StreamsMetadata[] {
    return this.queries.allMetadata();
  }

  /** The instances holding the store `storeName`; global stores are on every instance. */
  allMetadataForStore(storeName: string): StreamsMetadata[] {
    return this.queries.allMetadataForStore(storeName);
  }

  /** This instance's entry in `allMetadata()`. */
  localMetadata(): StreamsMetadata | undefined {
    return this.queries.localMetadata();
  }

  /**
   * Whether partition `partition` (from `queryMetadataForKey`; -1 for global stores) of `storeName` can be
   * read from this instance's local stores right now, and if not, why.
   */
  localQueryState(storeName: string, partition: number): LocalQueryState {
    return this.queries.localQueryState(storeName, partition);
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
    const plan = await this.startStep(
      withTableSourceChangelogs(this.plan, admin, { applicationId: config.applicationId, logger: config.logger }),
    );
    const layout = (this.layout = await this.startStep(
      resolveTopicLayout(plan, this.untilStopping(admin), {
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
    const eos = config.processingGuarantee === 'exactly_once' && hasStreamTasks ? this.exactlyOnce(admin) : undefined;
    const producer = eos || !hasStreamTasks ? undefined : (this.producer = this.clients.producer());
    if (producer) await this.startStep(producer.connect());
    const thread = (this.thread = new StreamThread({
      plan,
      config,
      clients: this.clients,
      admin,
      layout,
      taskDefinitions: () => this.taskDefinitions,
      producer,
      eos,
      globalStores: () => this.global?.storeViews() ?? new Map(),
      restoreListener: allRestoreListeners(this.restoreProgress, config.restoreListener),
      restoreMetrics: this.restoreMetrics,
      consumerLag: this.consumerLag,
      commitLatency: this.commitLatency,
      hostMetadata: this.hostMetadata,
      host: {
        state: () => this.machine.state,
        stopping: () => this.stopping,
        failed: () => this.failure !== undefined,
        shuttingDown: () => this.shuttingDown !== undefined,
        fail: (error) => this.fail(error),
        rebalancing: () => {
          if (this.machine.state === 'RUNNING') this.machine.transition('REBALANCING');
        },
        becomeRunningIfReady: () => this.becomeRunningIfReady(),
      },
    }));
    thread.startTimers();
    if (!thread.joinsGroup()) {
      // Only global stores: nothing to be assigned, so no group to join.
      this.becomeRunningIfReady();
      return;
    }
    await this.startStep(thread.connect());
    await this.startStep(thread.subscribe());
    await this.unstoppableStep(thread.run());
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

  /**
   * Exactly-once v2 (one transactional producer per stream thread, zombies fenced by the group's generation) on a
   * client that can (platformatic); one producer per task on kafkajs, whose transactional offset commits cannot
   * carry the group metadata (see eos/exactly-once-tasks.ts and docs/client.md).
   */
  private exactlyOnce(admin: AdminClient): ExactlyOnce {
    const { config } = this;
    if (this.clients.fencesZombiesByGeneration) {
      return new ExactlyOnceThread({
        applicationId: config.applicationId,
        ...(config.groupInstanceId !== undefined ? { instanceId: config.groupInstanceId } : {}),
        clients: this.clients,
        admin,
        // Java's default under exactly-once: bounds how long a crashed instance's transaction holds back the
        // offsets of its partitions (their new owner waits until it is aborted).
        transactionTimeoutMs: Math.max(10_000, 2 * config.commitIntervalMs),
        logger: config.logger,
        transactionCounters: this.transactions,
        reviveTask: (taskId) => this.thread?.reviveTask(taskId),
        activeTasks: () => this.activeTasks(),
        stopping: () => this.stopping || this.failure !== undefined,
      });
    }
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
      reviveTask: (taskId) => this.thread?.reviveTask(taskId),
      stopping: () => this.stopping || this.failure !== undefined,
    });
  }

  /** RUNNING once assigned and every task is restored (Java stays REBALANCING while restoring). */
  private becomeRunningIfReady(): void {
    const thread = this.thread;
    if (this.stopping || this.failure || !thread || thread.awaitingAssignment) return;
    if (this.machine.state === 'REBALANCING' && thread.tasks.restoringTaskIds().length === 0) {
      this.machine.transition('RUNNING');
    }
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
    if (!this.thread) return !this.failure;
    return this.thread.drainAndCommit();
  }

  /** `clean`: the final commit succeeded, so task state is checkpointed as it closes. */
  private shutdown(clean: boolean): Promise<void> {
    this.shuttingDown ??= (async () => {
      this.stopping = true;
      this.thread?.stopTimers();
      await this.unstoppableStartStep;
      await this.thread?.close(clean && !this.failure);
      await this.global?.close(clean && !this.failure);
      await this.disconnectClients();
    })();
    return this.shuttingDown;
  }

  private async disconnectClients(): Promise<void> {
    for (const client of [this.thread?.consumer, this.producer, this.admin]) {
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
}

function clientFactoryFor(config: ResolvedStreamsConfig): KafkaClientFactory {
  const connection = {
    clientId: config.clientId,
    brokers: config.bootstrapServers,
    ...(config.tls ? { tls: config.tls } : {}),
    ...(config.sasl ? { sasl: config.sasl } : {}),
    logger: config.logger,
  };
  return config.client === 'platformatic'
    ? new PlatformaticClientFactory(connection)
    : new KafkajsClientFactory(connection);
}
