// The fetch loop: per-partition positions, pause/resume and seek, Fetch requests to each partition's leader, and
// read_committed filtering. It knows nothing of groups: the group consumer assigns it the group's partitions, and
// the changelog reader and the global consumer assign it theirs directly (Kafka's manual assignment).
import { fetchV12, FetchIsolationLevels, ListOffsetTimestamps, listOffsetsV7 } from '@platformatic/kafka';
import type { ConsumedRecord } from '../../engine/contracts.js';
import type { TopicPartition } from '../../../runtime/topic-partition.js';
import type { ClientLogger, TopicPartitionOffset } from '../types.js';
import { backoffDelay, sleep } from './backoff.js';
import type { ClusterConnection } from './connection.js';
import { describeError, responseOf } from './errors.js';
import { HeldBackWatch } from './held-back-watch.js';
import { ReadCommittedFilter } from './read-committed.js';
import { PartitionFetchSize } from './fetch-size.js';
import { decodeBatches } from './records.js';

const MAX_BYTES = 50 * 1024 * 1024;
/** How long a loop with nothing to fetch (everything paused) waits before looking again. */
const IDLE_WAIT_MS = 50;
/** How often at most a partition held back by open transactions is reported (per partition). */
const HELD_BACK_LOG_INTERVAL_MS = 10_000;
/** Held back at one offset this long, a transaction is taken for hanging: twice a Java producer's default timeout. */
const HANGING_TRANSACTION_WARNING_MS = 120_000;

export interface FetchedPartition extends TopicPartition {
  readonly records: ReadonlyArray<ConsumedRecord>;
  /** Where reading continues (past markers, aborted and compacted-away records too). */
  readonly nextOffset: bigint;
  readonly highWatermark: bigint;
}

/** What the fetch loop tells or asks its owner between rounds. */
export interface FetchHooks {
  /** Awaited after each round that left nothing readable unread (see `caughtUp`), nothing buffered. */
  readonly onCaughtUp?: () => Promise<void>;
  /**
   * The owner's buffered records, processed a slice after each round (see BufferedProcessing in ../types.ts);
   * `pending`: some can be processed now, so the next round does not wait for data.
   */
  readonly buffered?: {
    full(partition: TopicPartition): boolean;
    pending(): boolean;
    processSlice(): Promise<void>;
  };
}

export interface FetcherOptions {
  readonly connection: ClusterConnection;
  readonly readCommitted: boolean;
  readonly maxWaitTimeMs: number;
  readonly logger: ClientLogger;
  /**
   * Bytes per partition and response at most (the broker still returns a first batch that is larger); by default
   * they follow the partition's record size (fetch-size.ts).
   */
  readonly partitionMaxBytes?: number;
}

interface PartitionState extends TopicPartition {
  /** Undefined: to be reset to the earliest offset before fetching. */
  position: bigint | undefined;
  paused: boolean;
  /** Bumped by every seek: a response to a fetch sent before it is dropped. */
  version: number;
  readonly filter: ReadCommittedFilter | undefined;
  /** Held back by an open transaction: since when, and when it was reported. */
  readonly heldBack: HeldBackWatch;
  /** Where the readable records ended at the last response (last stable offset or high watermark); unknown after a seek. */
  readableEnd: bigint | undefined;
  readonly fetchSize: PartitionFetchSize;
}

const keyOf = ({ topic, partition }: TopicPartition) => `${topic}:${partition}`;

export class Fetcher {
  private readonly partitions = new Map<string, PartitionState>();
  private failures = 0;
  private refreshMetadata = false;

  constructor(private readonly options: FetcherOptions) {}

  /** Reads exactly these partitions from now on; kept ones keep their position, new ones start at `initial`. */
  assign(
    partitions: ReadonlyArray<TopicPartition>,
    initial: (tp: TopicPartition) => bigint | undefined = () => undefined,
  ): void {
    const wanted = new Set(partitions.map(keyOf));
    for (const key of [...this.partitions.keys()]) if (!wanted.has(key)) this.partitions.delete(key);
    for (const tp of partitions) {
      if (this.partitions.has(keyOf(tp))) continue;
      this.partitions.set(keyOf(tp), {
        topic: tp.topic,
        partition: tp.partition,
        position: initial(tp),
        paused: false,
        version: 0,
        filter: this.options.readCommitted ? new ReadCommittedFilter() : undefined,
        heldBack: new HeldBackWatch(HELD_BACK_LOG_INTERVAL_MS, HANGING_TRANSACTION_WARNING_MS),
        readableEnd: undefined,
        fetchSize: new PartitionFetchSize(),
      });
    }
  }

  assigned(): TopicPartition[] {
    return [...this.partitions.values()].map(({ topic, partition }) => ({ topic, partition }));
  }

  seek({ topic, partition, offset }: TopicPartitionOffset): void {
    const state = this.partitions.get(keyOf({ topic, partition }));
    if (!state) return;
    state.position = offset;
    state.version++;
    state.readableEnd = undefined;
    state.filter?.reset();
    state.heldBack.reset();
  }

  /** Sets a position only if none was set (by a seek) since `version` was read. */
  initialize(tp: TopicPartition, offset: bigint, version: number): void {
    const state = this.partitions.get(keyOf(tp));
    if (state && state.version === version && state.position === undefined) this.seek({ ...tp, offset });
  }

  version(tp: TopicPartition): number | undefined {
    return this.partitions.get(keyOf(tp))?.version;
  }

  position(tp: TopicPartition): bigint | undefined {
    return this.partitions.get(keyOf(tp))?.position;
  }

  hasPosition(tp: TopicPartition): boolean {
    return this.partitions.get(keyOf(tp))?.position !== undefined;
  }

  pause(partitions: ReadonlyArray<TopicPartition>): void {
    for (const tp of partitions) {
      const state = this.partitions.get(keyOf(tp));
      if (state) state.paused = true;
    }
  }

  resume(partitions: ReadonlyArray<TopicPartition>): void {
    for (const tp of partitions) {
      const state = this.partitions.get(keyOf(tp));
      if (state) state.paused = false;
    }
  }

  /**
   * Every partition being fetched (not paused) was read up to where its readable records ended at its last response:
   * nothing was left to read then. False while any has not been answered since it was assigned or re-positioned.
   */
  caughtUp(): boolean {
    for (const { paused, position, readableEnd } of this.partitions.values()) {
      if (paused) continue;
      if (position === undefined || readableEnd === undefined || position < readableEnd) return false;
    }
    return true;
  }

  /** True while the partition is assigned and was not re-positioned since `version`. */
  isCurrent(tp: TopicPartition, version: number): boolean {
    return this.partitions.get(keyOf(tp))?.version === version;
  }

  /**
   * Fetches until `signal` aborts, handing each partition's data to `handler` one at a time (also when only markers
   * or aborted records were read, with no records); a partition's position moves once its handler resolved.
   * With `hooks.buffered`, the handler buffers, a slice of the buffered records is processed after each round, a
   * round does not wait for data while records are buffered, and full partitions are not fetched.
   */
  async run(
    handler: (fetched: FetchedPartition, version: number) => Promise<void>,
    signal: AbortSignal,
    hooks: FetchHooks = {},
  ): Promise<void> {
    const { buffered, onCaughtUp } = hooks;
    while (!signal.aborted && !this.options.connection.closed) {
      try {
        await this.resetPositions(signal);
        const pending = buffered?.pending() ?? false;
        const fetchable = [...this.partitions.values()].filter(
          (s) => !s.paused && s.position !== undefined && !buffered?.full(s),
        );
        if (fetchable.length > 0) await this.fetchOnce(fetchable, handler, signal, pending ? 0 : undefined);
        else if (!pending) await sleep(IDLE_WAIT_MS, signal);
        this.failures = 0;
        if (signal.aborted) return;
        // Also when nothing could be processed before: time passing may let a task go on (max.task.idle.ms).
        if (buffered) await buffered.processSlice();
        if (onCaughtUp && !signal.aborted && this.caughtUp()) await onCaughtUp();
      } catch (error) {
        if (signal.aborted || this.options.connection.closed) return;
        this.failures++;
        this.refreshMetadata = true;
        this.options.logger.debug('fetch failed; retrying', { error: describeError(error), attempt: this.failures });
        await sleep(backoffDelay(this.failures), signal);
      }
    }
  }

  /** `maxWaitTimeMs`: how long the broker may wait for data (default: the fetcher's option). */
  private async fetchOnce(
    fetchable: ReadonlyArray<PartitionState>,
    handler: (fetched: FetchedPartition, version: number) => Promise<void>,
    signal: AbortSignal,
    maxWaitTimeMs = this.options.maxWaitTimeMs,
  ): Promise<void> {
    const { connection, readCommitted } = this.options;
    const topics = [...new Set(fetchable.map((s) => s.topic))];
    const metadata = await connection.metadata(topics, this.refreshMetadata);
    this.refreshMetadata = false;
    const byLeader = new Map<number, PartitionState[]>();
    for (const state of fetchable) {
      const leader = metadata.topics.get(state.topic)?.partitions[state.partition]?.leader;
      if (leader === undefined || leader < 0) {
        this.refreshMetadata = true;
        continue;
      }
      let list = byLeader.get(leader);
      if (!list) byLeader.set(leader, (list = []));
      list.push(state);
    }
    const requests = [...byLeader].map(async ([leader, states]) => {
      const versions = new Map(states.map((s) => [keyOf(s), { version: s.version, position: s.position! }] as const));
      const byTopic = new Map<string, PartitionState[]>();
      for (const s of states) byTopic.set(s.topic, [...(byTopic.get(s.topic) ?? []), s]);
      const request = [...byTopic].map(([topic, list]) => ({
        topicId: topic, // v12 names topics; ids came with v13
        partitions: list.map((s) => ({
          partition: s.partition,
          currentLeaderEpoch: -1,
          fetchOffset: s.position!,
          lastFetchedEpoch: -1,
          partitionMaxBytes: this.options.partitionMaxBytes ?? s.fetchSize.get(),
        })),
      }));
      const isolation = readCommitted ? FetchIsolationLevels.READ_COMMITTED : FetchIsolationLevels.READ_UNCOMMITTED;
      let response: fetchV12.FetchResponse;
      try {
        response = await fetchV12.api.async(
          await connection.toNode(leader),
          maxWaitTimeMs,
          1,
          MAX_BYTES,
          isolation,
          0,
          -1,
          request,
          [],
          '',
        );
      } catch (error) {
        // Partitions answered with an error: the others in the response are fine.
        const partial = responseOf<fetchV12.FetchResponse>(error);
        if (!partial || partial.errorCode !== 0) throw error;
        response = partial;
      }
      return { response, versions };
    });
    for (const { response, versions } of await Promise.all(requests)) {
      this.noteReadableEnds(response, versions);
      for (const topicResponse of response.responses) {
        for (const data of topicResponse.partitions) {
          if (signal.aborted) return;
          const tp = { topic: topicResponse.topicId, partition: data.partitionIndex };
          const sent = versions.get(keyOf(tp));
          if (sent) await this.handlePartition(tp, data, sent, handler);
        }
      }
    }
  }

  private noteReadableEnds(
    response: fetchV12.FetchResponse,
    versions: ReadonlyMap<string, { readonly version: number; readonly position: bigint }>,
  ): void {
    const readCommitted = this.options.readCommitted;
    for (const topicResponse of response.responses) {
      for (const data of topicResponse.partitions) {
        if (data.errorCode !== 0) continue;
        const key = keyOf({ topic: topicResponse.topicId, partition: data.partitionIndex });
        const state = this.partitions.get(key);
        if (!state || state.version !== versions.get(key)?.version) continue;
        state.readableEnd = readCommitted && data.lastStableOffset >= 0n ? data.lastStableOffset : data.highWatermark;
      }
    }
  }

  private async handlePartition(
    tp: TopicPartition,
    data: fetchV12.FetchResponsePartition,
    sent: { readonly version: number; readonly position: bigint },
    handler: (fetched: FetchedPartition, version: number) => Promise<void>,
  ): Promise<void> {
    const state = this.partitions.get(keyOf(tp));
    if (!state || state.version !== sent.version || state.position !== sent.position || state.paused) return;
    if (data.errorCode !== 0) {
      this.onPartitionError(state, data.errorCode);
      return;
    }
    state.filter?.addAborted(data.abortedTransactions);
    if (this.options.partitionMaxBytes === undefined) state.fetchSize.observe(data.records ?? []);
    const { records, nextOffset } = decodeBatches(
      tp.topic,
      tp.partition,
      data.records ?? [],
      sent.position,
      state.filter,
    );
    if (nextOffset === sent.position && records.length === 0) {
      this.reportHeldBack(state, sent.position, data);
      return;
    }
    await handler({ ...tp, records, nextOffset, highWatermark: data.highWatermark }, sent.version);
    if (state.version === sent.version && this.partitions.get(keyOf(tp)) === state) state.position = nextOffset;
  }

  /**
   * Nothing to read although the partition holds more: under read_committed the broker stops at the last stable
   * offset, the first offset of a transaction still open. Reported (debug), since whoever waits for the end of the
   * partition (a restore) waits until that transaction ends; a warning once the wait looks endless.
   */
  private reportHeldBack(
    state: PartitionState,
    position: bigint,
    { highWatermark, lastStableOffset }: fetchV12.FetchResponsePartition,
  ): void {
    if (position >= highWatermark) return;
    const now = Date.now();
    const report = state.heldBack.observe(position, now);
    if (!report) return;
    const fields = {
      topic: state.topic,
      partition: state.partition,
      position: `${position}`,
      lastStableOffset: `${lastStableOffset}`,
      highWatermark: `${highWatermark}`,
    };
    if (report === 'debug') {
      this.options.logger.debug('nothing readable before the high watermark: a transaction is still open', fields);
      return;
    }
    this.options.logger.warn(
      'a transaction has held this partition back for longer than any transaction should last: it may be hanging ' +
        '(ended on its coordinator, its marker missing here); `kafka-transactions.sh describe-producers` names its ' +
        'producer (see "A single broker\'s restart" in the library\'s docs/client.md)',
      { ...fields, heldBackForMs: state.heldBack.heldForMs(now) },
    );
  }

  private onPartitionError(state: PartitionState, errorCode: number): void {
    // 1: OFFSET_OUT_OF_RANGE (the records were deleted or compacted away): read from the earliest offset, as the
    // runtime's consumers always do (Java's auto.offset.reset=earliest for Kafka Streams).
    if (errorCode === 1) {
      state.position = undefined;
      state.version++;
      state.filter?.reset();
      return;
    }
    this.refreshMetadata = true;
    this.options.logger.debug('fetch of a partition failed; retrying', {
      topic: state.topic,
      partition: state.partition,
      errorCode,
    });
  }

  /** Partitions without a position start at their earliest offset. */
  private async resetPositions(signal: AbortSignal): Promise<void> {
    const missing = [...this.partitions.values()].filter((s) => s.position === undefined && !s.paused);
    if (missing.length === 0 || signal.aborted) return;
    const offsets = await earliestOffsets(this.options.connection, missing);
    for (const state of missing) {
      const offset = offsets.get(keyOf(state));
      if (offset !== undefined) this.initialize(state, offset, state.version);
    }
  }
}

/** The earliest offsets of the partitions, asked of their leaders. */
export async function earliestOffsets(
  connection: ClusterConnection,
  partitions: ReadonlyArray<TopicPartition>,
  timestamp: bigint = ListOffsetTimestamps.EARLIEST,
): Promise<Map<string, bigint>> {
  const metadata = await connection.metadata([...new Set(partitions.map((p) => p.topic))]);
  const byLeader = new Map<number, TopicPartition[]>();
  for (const tp of partitions) {
    const leader = metadata.topics.get(tp.topic)?.partitions[tp.partition]?.leader;
    if (leader === undefined || leader < 0) throw new Error(`no leader known for ${keyOf(tp)}`);
    byLeader.set(leader, [...(byLeader.get(leader) ?? []), tp]);
  }
  const offsets = new Map<string, bigint>();
  await Promise.all(
    [...byLeader].map(async ([leader, list]) => {
      const byTopic = new Map<string, number[]>();
      for (const { topic, partition } of list) byTopic.set(topic, [...(byTopic.get(topic) ?? []), partition]);
      const response = await listOffsetsV7.api.async(
        await connection.toNode(leader),
        -1,
        FetchIsolationLevels.READ_UNCOMMITTED,
        [...byTopic].map(([name, numbers]) => ({
          name,
          partitions: numbers.map((partitionIndex) => ({ partitionIndex, currentLeaderEpoch: -1, timestamp })),
        })),
      );
      for (const topic of response.topics) {
        for (const p of topic.partitions) offsets.set(`${topic.name}:${p.partitionIndex}`, p.offset);
      }
    }),
  );
  return offsets;
}
