// The group consumer the runtime needs: its own group member (group-member.ts) and fetch loop (fetcher.ts), one
// generation after the other. Around each rebalance the runtime decides:
// - eager: `onRebalancing` is awaited before the member rejoins (what was processed is committed before the
//   partitions are revoked);
// - cooperative: `onRebalanceStarted` is awaited before the member rejoins, and batches of its partitions keep coming
//   while it does; once assigned, `onRevoked` is awaited with the partitions it gives up (commit before revoke), and
//   a member that gave some up rejoins at once, so that their new owners get them in that follow-up rebalance.
// `onAssigned` and the member's own assignment user data are delivered before anything of the new generation is
// fetched.
import type { TopicPartition } from '../../../runtime/topic-partition.js';
import type {
  BatchHandler,
  ClientLogger,
  GroupAssignor,
  GroupConsumer,
  ConsumerGroupMetadata,
  GroupEvents,
  RebalanceProtocol,
  TopicPartitionOffset,
} from '../types.js';
import { TopicPartitionMap } from '../../topic-partition-map.js';
import { backoffDelay, sleep } from './backoff.js';
import type { ClusterConnection } from './connection.js';
import { describeError, toError } from './errors.js';
import { type FetchedPartition, Fetcher, type FetchHooks } from './fetcher.js';
import {
  type CooperativeJoin,
  FencedInstanceError,
  type Generation,
  GroupMember,
  RejoinNeededError,
} from './group-member.js';
import { roundRobinAssignor } from './round-robin-assignor.js';

export interface PlatformaticConsumerOptions {
  readonly groupId: string;
  readonly assignor?: GroupAssignor;
  readonly sessionTimeoutMs: number;
  readonly groupInstanceId?: string;
  readonly heartbeatIntervalMs: number;
  readonly maxWaitTimeMs: number;
  readonly readCommitted: boolean;
  readonly rebalanceProtocol: RebalanceProtocol;
  readonly logger: ClientLogger;
}

export class PlatformaticGroupConsumer implements GroupConsumer {
  private readonly member: GroupMember;
  private readonly fetcher: Fetcher;
  private topics: string[] = [];
  private readonly stopping = new AbortController();
  /** Aborted when the current generation ends (a rebalance is needed, or the consumer stops). */
  private generation: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private heartbeats: NodeJS.Timeout | undefined;
  private lastHeartbeat = 0;
  /** The generation whose heartbeat is awaiting its answer (one at a time; an older generation's does not count). */
  private heartbeatInFlight: AbortController | undefined;
  /** The current generation went on without this member (see GroupEvents.onLost). */
  private lost = false;
  /** Another member took this member's group instance id: the consumer stops after the generation ends. */
  private fenced: FencedInstanceError | undefined;

  /**
   * `memberConnection`: the group member's own connections, when it must not share them with the fetch loop: a
   * JoinGroup waits on the coordinator until the group rebalanced, and a broker answers the requests of a connection
   * in order, so a cooperative member's fetches during its join would wait behind it.
   */
  constructor(
    private readonly connection: ClusterConnection,
    private readonly options: PlatformaticConsumerOptions,
    private readonly memberConnection: ClusterConnection = connection,
  ) {
    this.member = new GroupMember(memberConnection, {
      groupId: options.groupId,
      assignor: options.assignor ?? roundRobinAssignor,
      sessionTimeoutMs: options.sessionTimeoutMs,
      ...(options.groupInstanceId !== undefined ? { groupInstanceId: options.groupInstanceId } : {}),
      // Java's default max.poll.interval.ms: how long the group waits for members to rejoin.
      rebalanceTimeoutMs: Math.max(options.sessionTimeoutMs, 300_000),
      rebalanceProtocol: options.rebalanceProtocol,
      logger: options.logger,
    });
    this.fetcher = new Fetcher({
      connection,
      readCommitted: options.readCommitted,
      maxWaitTimeMs: options.maxWaitTimeMs,
      logger: options.logger,
    });
  }

  readonly pacesProcessing = true;

  get rebalanceProtocol(): RebalanceProtocol {
    return this.options.rebalanceProtocol;
  }

  /** The group metadata of the current generation (KIP-447's fencing of transactional offset commits). */
  readonly groupMetadata = (): ConsumerGroupMetadata => this.member.metadata;

  async connect(): Promise<void> {
    await this.connection.metadata([]);
  }

  async disconnect(): Promise<void> {
    this.stopping.abort();
    this.generation?.abort();
    clearInterval(this.heartbeats);
    await this.loop?.catch(() => undefined);
    await this.member
      .leave()
      .catch((error: unknown) =>
        this.options.logger.debug('could not leave the group', { error: describeError(error) }),
      );
    await this.connection.close();
    if (this.memberConnection !== this.connection) await this.memberConnection.close();
  }

  async subscribe(topics: ReadonlyArray<string>): Promise<void> {
    // Every assigned partition without a committed offset starts at its earliest offset, as under fromBeginning.
    this.topics = [...new Set([...this.topics, ...topics])];
  }

  run(handler: BatchHandler, events: GroupEvents): Promise<void> {
    return new Promise((resolve, reject) => {
      let started = false;
      this.loop = this.generations(handler, events, () => {
        started = true;
        resolve();
      }).catch((error: unknown) => {
        if (this.stopping.signal.aborted) return;
        if (started) events.onFatalError?.(toError(error));
        else reject(toError(error));
      });
      // A consumer closed before it joined: run() ends without a generation.
      void this.loop.then(() => {
        if (!started) resolve();
      });
    });
  }

  private async generations(handler: BatchHandler, events: GroupEvents, joined: () => void): Promise<void> {
    let generation = await this.member.join(this.topics, this.stopping.signal, this.cooperativeJoin(events));
    while (generation && !this.stopping.signal.aborted) {
      const current = (this.generation = new AbortController());
      this.startHeartbeats(current);
      const revokedSome = this.member.cooperative && (await this.revokeMissing(generation, events));
      let started = true;
      try {
        await this.start(generation, events);
      } catch (error) {
        if (!(error instanceof RejoinNeededError)) {
          this.options.logger.warn('could not read the committed offsets; rejoining', { error: describeError(error) });
        }
        started = false;
        clearInterval(this.heartbeats);
        await sleep(backoffDelay(1), this.stopping.signal);
      }
      if (started) joined();
      generation = this.member.cooperative
        ? await this.cooperativeGeneration(handler, events, current, { fetch: started, rejoinAtOnce: revokedSome })
        : await this.eagerGeneration(handler, events, current, started);
    }
  }

  /** Fetches until the generation ends, lets the runtime commit (or tells it all is lost), and rejoins. */
  private async eagerGeneration(
    handler: BatchHandler,
    events: GroupEvents,
    current: AbortController,
    fetch: boolean,
  ): Promise<Generation | undefined> {
    if (fetch) {
      await this.fetcher.run(
        this.batchHandler(handler, events, current.signal),
        current.signal,
        this.fetchHooks(events, current.signal),
      );
    }
    clearInterval(this.heartbeats);
    if (this.stopping.signal.aborted) return undefined;
    await this.endGeneration(events);
    if (this.fenced) throw this.fenced;
    return this.member.join(this.topics, this.stopping.signal);
  }

  /**
   * Fetches until the generation ends and on while the member rejoins, owning its partitions, unless they are lost.
   * `rejoinAtOnce`: the member gave partitions up, whose new owners get them in the rebalance it starts now.
   */
  private async cooperativeGeneration(
    handler: BatchHandler,
    events: GroupEvents,
    current: AbortController,
    { fetch, rejoinAtOnce }: { readonly fetch: boolean; readonly rejoinAtOnce: boolean },
  ): Promise<Generation | undefined> {
    const fetching = new AbortController();
    const signal = AbortSignal.any([fetching.signal, this.stopping.signal]);
    const loop = fetch
      ? this.fetcher.run(this.batchHandler(handler, events, signal), signal, this.fetchHooks(events, signal))
      : Promise.resolve();
    const stopFetching = async () => {
      fetching.abort();
      await loop;
    };
    try {
      if (rejoinAtOnce) this.endCurrent(current, false);
      await Promise.race([untilAborted(current.signal), loop]);
      clearInterval(this.heartbeats);
      if (this.stopping.signal.aborted) return undefined;
      if (this.lost) {
        await stopFetching();
        await this.loseAll(events);
      } else {
        await events.onRebalanceStarted?.();
      }
      if (this.fenced) throw this.fenced;
      return await this.member.join(this.topics, this.stopping.signal, this.cooperativeJoin(events, stopFetching));
    } finally {
      await stopFetching();
    }
  }

  /** What a cooperative join needs of the consumer (undefined for an eager member). */
  private cooperativeJoin(
    events: GroupEvents,
    stopFetching: () => Promise<void> = async () => undefined,
  ): CooperativeJoin | undefined {
    if (!this.member.cooperative) return undefined;
    return {
      owned: () => this.fetcher.assigned(),
      lost: async () => {
        if (this.fetcher.assigned().length === 0) return;
        await stopFetching();
        await this.loseAll(events);
      },
    };
  }

  /** Cooperative: tells the runtime which of its partitions the new assignment gives to others; true if any. */
  private async revokeMissing(generation: Generation, events: GroupEvents): Promise<boolean> {
    const assigned = new TopicPartitionMap(generation.partitions.map((tp) => [tp, true] as const));
    const revoked = this.fetcher.assigned().filter((tp) => !assigned.has(tp));
    if (revoked.length === 0) return false;
    this.options.logger.info('revoking partitions assigned to other members; rejoining to hand them over', {
      groupId: this.options.groupId,
      revoked: revoked.map(({ topic, partition }) => `${topic}:${partition}`),
    });
    await events.onRevoked?.(revoked);
    return true;
  }

  /** `active`: aborted when batches must stop (the fetch loop ends). */
  private batchHandler(
    handler: BatchHandler,
    events: GroupEvents,
    active: AbortSignal,
  ): (fetched: FetchedPartition, version: number) => Promise<void> {
    return async (fetched, version) => {
      await handler(
        { topic: fetched.topic, partition: fetched.partition, records: fetched.records },
        {
          heartbeat: async () => this.heartbeatNow(active),
          isActive: () => !active.aborted && this.fetcher.isCurrent(fetched, version),
        },
      );
      events.onBatchHandled?.({
        topic: fetched.topic,
        partition: fetched.partition,
        nextOffset: fetched.nextOffset,
        highWatermark: fetched.highWatermark,
      });
    };
  }

  private fetchHooks(events: GroupEvents, active: AbortSignal): FetchHooks {
    const { buffered, onCaughtUp } = events;
    return {
      ...(onCaughtUp ? { onCaughtUp } : {}),
      ...(buffered
        ? {
            buffered: {
              full: (tp) => buffered.full(tp),
              pending: () => buffered.pending(),
              processSlice: () =>
                buffered.processSlice({
                  heartbeat: async () => this.heartbeatNow(active),
                  isActive: () => !active.aborted,
                }),
            },
          }
        : {}),
    };
  }

  /**
   * Before an eager member rejoins: one still in its generation lets the runtime commit what it processed (commit
   * before revoke); one whose generation is lost has nothing to commit (see `loseAll`).
   */
  private async endGeneration(events: GroupEvents): Promise<void> {
    if (!this.lost) return void (await events.onRebalancing?.());
    await this.loseAll(events);
  }

  /** The member's partitions are lost: it forgets their positions, so that every partition of the next generation starts where the group committed. */
  private async loseAll(events: GroupEvents): Promise<void> {
    this.lost = false;
    this.options.logger.warn('this member lost its partitions (its session expired or its generation is over)', {
      groupId: this.options.groupId,
    });
    this.fetcher.assign([]);
    await (events.onLost ?? events.onRebalancing)?.();
  }

  /**
   * The new generation's partitions: kept ones keep their position, new ones start where the runtime seeks them
   * (in `onAssigned`, or later while they are paused), else at their committed offset, else at their earliest.
   * Resolves once the committed offsets are known, before anything of the generation is fetched.
   */
  private async start(generation: Generation, events: GroupEvents): Promise<void> {
    this.fetcher.assign(generation.partitions);
    events.onAssigned?.(generation.partitions);
    events.onAssignmentUserData?.(generation.userData);
    const unpositioned = generation.partitions
      .filter((tp) => !this.fetcher.hasPosition(tp))
      .map((tp) => ({ ...tp, version: this.fetcher.version(tp)! }));
    if (unpositioned.length === 0) return;
    for (const { topic, partition, offset } of await this.member.committed(unpositioned)) {
      const version = unpositioned.find((u) => u.topic === topic && u.partition === partition)?.version;
      if (version !== undefined) this.fetcher.initialize({ topic, partition }, offset, version);
    }
  }

  private startHeartbeats(current: AbortController): void {
    clearInterval(this.heartbeats);
    this.lastHeartbeat = Date.now();
    this.heartbeats = setInterval(() => void this.beat(current), this.options.heartbeatIntervalMs);
  }

  private async beat(current: AbortController): Promise<void> {
    if (current.signal.aborted) return;
    // Without a heartbeat answered for a session, the coordinator removed this member: its partitions are lost.
    // Checked at every tick, not only when a heartbeat fails: a cut-off connection answers nothing until its
    // request timeout, longer than most sessions.
    if (Date.now() - this.lastHeartbeat > this.options.sessionTimeoutMs) {
      this.endCurrent(current, true);
      return;
    }
    if (this.heartbeatInFlight === current) return;
    this.heartbeatInFlight = current;
    try {
      await this.member.heartbeat();
      this.lastHeartbeat = Date.now();
    } catch (error) {
      if (error instanceof RejoinNeededError) this.endCurrent(current, error.lost);
      else if (error instanceof FencedInstanceError) this.endFenced(current, error);
      else this.options.logger.debug('heartbeat failed', { error: describeError(error) });
    } finally {
      if (this.heartbeatInFlight === current) this.heartbeatInFlight = undefined;
    }
  }

  /** Its partitions are lost, as when its generation ended without it; then the consumer fails (see generations). */
  private endFenced(current: AbortController, error: FencedInstanceError): void {
    this.fenced ??= error;
    this.endCurrent(current, true);
  }

  private endCurrent(current: AbortController, lost: boolean): void {
    if (current.signal.aborted) return;
    this.lost ||= lost;
    current.abort();
  }

  /** The runtime's heartbeat between slices of a batch: throws once batches must stop. */
  private heartbeatNow(active: AbortSignal): void {
    if (active.aborted || this.stopping.signal.aborted) {
      throw new RejoinNeededError(`group ${this.options.groupId} is rebalancing`, this.lost);
    }
  }

  async commit(offsets: ReadonlyArray<TopicPartitionOffset>): Promise<void> {
    try {
      await this.member.commit(offsets);
    } catch (error) {
      if (error instanceof RejoinNeededError && this.generation) this.endCurrent(this.generation, error.lost);
      if (error instanceof FencedInstanceError && this.generation) this.endFenced(this.generation, error);
      throw error;
    }
  }

  pause(partitions: ReadonlyArray<TopicPartition>): void {
    this.fetcher.pause(partitions);
  }

  resume(partitions: ReadonlyArray<TopicPartition>): void {
    this.fetcher.resume(partitions);
  }

  seek(position: TopicPartitionOffset): void {
    this.fetcher.seek(position);
  }

  requestRejoin(): void {
    this.generation?.abort();
  }
}

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
