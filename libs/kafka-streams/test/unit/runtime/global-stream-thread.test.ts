// The global stream thread against an in-memory topic: bootstrap, checkpoints, the fallbacks to a full
// restore (missing or corrupt checkpoint, missing store, checkpoint ahead of the topic), live updates.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  AdminClient,
  GlobalConsumer,
  OffsetRange,
  PositionedBatch,
  TopicPartitionOffset,
} from '../../../src/internal/client/types.js';
import type { TopicPartition } from '../../../src/runtime/topic-partition.js';
import type { ConsumedRecord } from '../../../src/internal/engine/contracts.js';
import { errorHandlers } from '../../../src/errors/factories.js';
import { GlobalStreamThread } from '../../../src/internal/runtime/global-stream-thread.js';
import { GlobalUpdateListeners } from '../../../src/internal/runtime/global-update-listeners.js';
import { RestoreMetrics, type StateRestoreListener } from '../../../src/runtime/restore-listener.js';
import { Consumed, Materialized, Serdes, StreamsBuilder, type GlobalStoreUpdate } from '../../../src/index.js';
import type { GlobalStorePlan } from '../../../src/internal/topology/plan.js';
import type { KeyValueStore } from '../../../src/state/store.js';
import { RecordingLogger } from '../../../src/testing/recording-logger.js';

const TOPIC = 'countries';
const PARTITIONS = 2;

/** A topic in memory: what the fake admin and consumer read. */
class MemoryTopic {
  readonly logs: ConsumedRecord[][] = Array.from({ length: PARTITIONS }, () => []);

  append(partition: number, key: string, value: string | null): void {
    const log = this.logs[partition]!;
    log.push({
      topic: TOPIC,
      partition,
      offset: BigInt(log.length),
      timestamp: 1,
      key: Buffer.from(key),
      value: value === null ? null : Buffer.from(value),
      headers: [],
    });
  }
}

class MemoryAdmin implements Pick<AdminClient, 'offsetRange' | 'deleteGroups'> {
  readonly deletedGroups: string[] = [];
  constructor(private readonly topic: MemoryTopic) {}

  async offsetRange(partitions: ReadonlyArray<TopicPartition>): Promise<Map<string, OffsetRange>> {
    return new Map(
      partitions.map(({ topic, partition }) => [
        `${topic}:${partition}`,
        { earliest: 0n, end: BigInt(this.topic.logs[partition]!.length) },
      ]),
    );
  }

  async deleteGroups(groupIds: ReadonlyArray<string>): Promise<void> {
    this.deletedGroups.push(...groupIds);
  }
}

/** Hands out what lies beyond each position, in one batch per partition, on start and on `poll`. */
class MemoryConsumer implements GlobalConsumer {
  private positions: TopicPartitionOffset[] = [];
  private onBatch: ((batch: PositionedBatch) => Promise<void>) | undefined;
  private onError: ((error: Error) => void) | undefined;
  private delivering: Promise<void> = Promise.resolve();
  stopped = false;

  constructor(private readonly topic: MemoryTopic) {}

  async start(
    positions: ReadonlyArray<TopicPartitionOffset>,
    onBatch: (batch: PositionedBatch) => Promise<void>,
    onError: (error: Error) => void,
  ) {
    this.positions = [...positions];
    this.onBatch = onBatch;
    this.onError = onError;
    void this.poll();
  }

  poll(): Promise<void> {
    this.delivering = this.delivering.then(async () => {
      for (const [i, position] of this.positions.entries()) {
        const log = this.topic.logs[position.partition]!;
        const records = log.slice(Number(position.offset));
        if (records.length === 0 || this.stopped) continue;
        const end = BigInt(log.length);
        const batch = { topic: TOPIC, partition: position.partition, records, nextOffset: end, highWatermark: end };
        // As the kafkajs consumer does, a batch the handler failed on is reported, and reading moves on.
        await this.onBatch!(batch).catch((error: unknown) => this.onError!(error as Error));
        this.positions[i] = { ...position, offset: end };
      }
    });
    return this.delivering;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.delivering;
  }
}

class RestoreLog implements StateRestoreListener {
  readonly ranges: string[] = [];
  restored = 0;
  onRestoreStart(_store: string, partition: number, start: bigint, end: bigint): void {
    this.ranges.push(`${partition}:[${start},${end})`);
  }
  onBatchRestored(_store: string, _partition: number, _end: bigint, count: number): void {
    this.restored += count;
  }
  onRestoreEnd(): void {}
}

function globalTablePlan(inMemory: boolean, json: boolean): GlobalStorePlan {
  const builder = new StreamsBuilder();
  const materialized = Materialized.as<string, string>('countries');
  builder.globalTable(
    TOPIC,
    Consumed.with({ keySerde: Serdes.String(), valueSerde: json ? Serdes.Json<string>() : Serdes.String() }),
    inMemory ? materialized.withInMemory() : materialized,
  );
  return builder.build().plan().globalStores![0]!;
}

describe('GlobalStreamThread', () => {
  let stateDir: string;
  let topic: MemoryTopic;
  let running: GlobalStreamThread[];

  beforeEach(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'global-thread-'));
    topic = new MemoryTopic();
    running = [];
    for (let i = 0; i < 10; i++) topic.append(i % PARTITIONS, `k${i}`, `v${i}`);
  });

  afterEach(async () => {
    await Promise.all(running.map((thread) => thread.close(false)));
    rmSync(stateDir, { recursive: true, force: true });
  });

  function newThread(options: { inMemory?: boolean; json?: boolean } = {}) {
    const logger = new RecordingLogger();
    const restores = new RestoreLog();
    const consumer = new MemoryConsumer(topic);
    const admin = new MemoryAdmin(topic);
    const updates = new GlobalUpdateListeners(logger);
    const fatal: Error[] = [];
    const thread = new GlobalStreamThread({
      plans: [globalTablePlan(options.inMemory ?? false, options.json ?? false)],
      applicationId: 'app',
      stateDir,
      admin: admin as unknown as AdminClient,
      consumer,
      groupId: 'app-global-1',
      partitionCounts: new Map([[TOPIC, PARTITIONS]]),
      errorHandlers: errorHandlers(),
      commitIntervalMs: 60_000,
      tickIntervalMs: 60_000,
      restoreListener: restores,
      restoreMetrics: new RestoreMetrics(),
      updateListeners: updates,
      logger,
      onFatalError: (error) => fatal.push(error),
    });
    running.push(thread);
    const store = () => thread.queryableStore('countries') as KeyValueStore<string, string>;
    return { thread, logger, restores, consumer, admin, updates, fatal, store };
  }

  const checkpointFile = () => join(stateDir, 'app', 'global', '.checkpoint');

  it('bootstraps every partition, checkpoints, and restores only the tail after a clean close', async () => {
    const first = newThread();
    expect(first.store()).toBeUndefined(); // not queryable before the bootstrap
    await first.thread.bootstrap(() => false);
    expect(first.restores.ranges).toEqual(['0:[0,5)', '1:[0,5)']);
    expect(first.restores.restored).toBe(10);
    expect(first.store().get('k7')).toBe('v7');
    expect(first.thread.metrics()).toEqual({ countries: { bootstrapped: true, recordsApplied: 0, lag: 0 } });
    expect(JSON.parse(await readFile(checkpointFile(), 'utf8'))).toEqual({
      version: 1,
      offsets: { 'countries:0': '5', 'countries:1': '5' },
    });
    await first.thread.close(true);
    expect(first.admin.deletedGroups).toEqual(['app-global-1']);

    topic.append(1, 'k1', 'v1-bis');
    topic.append(1, 'k3', null);
    const second = newThread();
    await second.thread.bootstrap(() => false);
    expect(second.restores.ranges).toEqual(['1:[5,7)']);
    expect(second.restores.restored).toBe(2);
    expect(second.store().get('k1')).toBe('v1-bis');
    expect(second.store().get('k3')).toBeUndefined();
    expect(second.store().approximateNumEntries()).toBe(9);
  });

  it('tells update listeners about live records only, after they were applied', async () => {
    const { thread, consumer, updates, store } = newThread();
    const seen: Array<GlobalStoreUpdate<string, string> & { stored: string | undefined }> = [];
    updates.add<string, string>('countries', (update) => seen.push({ ...update, stored: store().get(update.key) }));
    await thread.bootstrap(() => false);
    expect(seen).toEqual([]);
    topic.append(0, 'k0', 'v0-bis');
    await consumer.poll();
    expect(seen.map(({ key, value, offset, stored }) => ({ key, value, offset, stored }))).toEqual([
      { key: 'k0', value: 'v0-bis', offset: 5n, stored: 'v0-bis' },
    ]);
    expect(thread.metrics().countries?.recordsApplied).toBe(1);
  });

  it('restores everything when the checkpoint is corrupt', async () => {
    const first = newThread();
    await first.thread.bootstrap(() => false);
    await first.thread.close(true);
    writeFileSync(checkpointFile(), '{ not json');
    const second = newThread();
    await second.thread.bootstrap(() => false);
    expect(second.restores.restored).toBe(10);
    expect(second.logger.entries.map((e) => e.message)).toContain(
      'global state checkpoint is corrupt; restoring the global stores from the beginning of their topics',
    );
  });

  it('restores everything when the store is gone but its checkpoint is not', async () => {
    const first = newThread();
    await first.thread.bootstrap(() => false);
    await first.thread.close(true);
    rmSync(join(stateDir, 'app', 'global', 'countries'), { recursive: true });
    const second = newThread();
    await second.thread.bootstrap(() => false);
    expect(second.restores.restored).toBe(10);
    expect(second.store().approximateNumEntries()).toBe(10);
    expect(second.logger.entries.map((e) => e.message)).toContain(
      'global store data is missing; restoring it from the beginning of its topic',
    );
  });

  it('wipes the store and restores everything when the checkpoint is ahead of the topic (re-created)', async () => {
    const first = newThread();
    await first.thread.bootstrap(() => false);
    await first.thread.close(true);
    topic.logs.splice(0, PARTITIONS, [], []);
    topic.append(0, 'new', 'only');
    const second = newThread();
    await second.thread.bootstrap(() => false);
    expect(second.restores.ranges).toEqual(['0:[0,1)']);
    expect(second.store().approximateNumEntries()).toBe(1);
    expect(second.store().get('k0')).toBeUndefined();
  });

  it('restores an in-memory store in full every time and writes no checkpoint for it', async () => {
    const first = newThread({ inMemory: true });
    await first.thread.bootstrap(() => false);
    await first.thread.close(true);
    const second = newThread({ inMemory: true });
    await second.thread.bootstrap(() => false);
    expect(second.restores.restored).toBe(10);
    await expect(readFile(checkpointFile())).rejects.toThrow(/ENOENT/);
  });

  it('rejects the bootstrap when a record cannot be applied, and reports a later failure as fatal', async () => {
    const failing = newThread({ json: true });
    await expect(failing.thread.bootstrap(() => false)).rejects.toThrow(/Deserialization failed/);
    await failing.thread.close(false); // what KafkaStreams does on a fatal error: the stores are released

    topic.logs.splice(0, PARTITIONS, [], []);
    topic.append(0, 'k', '"valid json"');
    const { thread, consumer, fatal, store } = newThread({ json: true });
    await thread.bootstrap(() => false);
    expect(store().get('k')).toBe('valid json');
    topic.append(1, 'k2', 'not json');
    await consumer.poll();
    expect(fatal.map((e) => e.message)).toEqual([expect.stringMatching(/Deserialization failed/)]);
  });

  it('stops bootstrapping when aborted; a clean close checkpoints what was applied', async () => {
    const { thread } = newThread();
    await thread.bootstrap(() => true);
    expect(thread.isBootstrapped()).toBe(false);
    await thread.close(true);
    expect(JSON.parse(await readFile(checkpointFile(), 'utf8')).offsets).toEqual({
      'countries:0': '5',
      'countries:1': '5',
    });
  });
});
