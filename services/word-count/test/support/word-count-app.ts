// Starts the word-count's real AppModule in-process, with an explicit environment and, for unit tests, a
// stand-in for KafkaStreams whose state, ownership and stores the test sets.
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  type HostInfo,
  KafkaStreams,
  type KafkaStreamsState,
  type KeyQueryMetadata,
  type LocalQueryState,
  type Serializer,
  type InvalidStateStoreError,
  streamsHealth,
  type StreamsHealth,
  type StreamsMetrics,
} from '@streamkit/kafka-streams';
import { configureServiceApp, type Environment } from '@streamkit/nest';
import { AppModule } from '../../src/app.module.js';
import { wordCountAppOptions } from '../../src/word-count-app.js';

export async function startWordCountApp(env: Environment, streams?: StandInStreams): Promise<NestExpressApplication> {
  let builder = Test.createTestingModule({ imports: [AppModule.forRoot(env)] });
  if (streams) builder = builder.overrideProvider(KafkaStreams).useValue(streams);
  const app = (await builder.compile()).createNestApplication<NestExpressApplication>({ bufferLogs: true });
  configureServiceApp(app, wordCountAppOptions);
  await app.init();
  return app;
}

/** The parts of KafkaStreams the app uses, with everything in memory. */
export class StandInStreams {
  state: KafkaStreamsState = 'RUNNING';
  /** Owner of every key: this instance unless a test says otherwise; undefined while not known. */
  owner: HostInfo | undefined;
  /** What this instance can do with the owned partition. */
  local: LocalQueryState = 'queryable';
  restoring: string[] = [];
  readonly counts = new Map<string, number>();
  /** word → [window start, count][] */
  readonly windows = new Map<string, Array<[number, number]>>();
  /** Set to make every store read throw, as a store of a closed task does. */
  storeError: InvalidStateStoreError | undefined;
  readonly windowQueries: Array<{ word: string; fromMs: number; toMs: number }> = [];

  constructor(readonly applicationServer: HostInfo) {
    this.owner = applicationServer;
  }

  queryMetadataForKey<K>(_store: string, key: K, serializer: Serializer<K>): KeyQueryMetadata | undefined {
    serializer.serialize('words', key);
    if (!this.owner || (this.state !== 'RUNNING' && this.state !== 'REBALANCING')) return undefined;
    return { activeHost: this.owner, standbyHosts: [], partition: 0 };
  }

  /** The group as this stand-in knows it: itself alone. */
  allMetadata() {
    const none: never[] = [];
    return [
      {
        hostInfo: this.applicationServer,
        stateStoreNames: none,
        topicPartitions: none,
        standbyStateStoreNames: none,
        standbyTopicPartitions: none,
      },
    ];
  }

  localQueryState(): LocalQueryState {
    if (this.owner !== this.applicationServer) return 'not-active';
    return this.local;
  }

  store(name: string) {
    const check = () => {
      if (this.storeError) throw this.storeError;
    };
    if (name === 'word-counts') {
      return { get: (word: string) => (check(), this.counts.get(word)) };
    }
    return {
      fetchRange: (word: string, fromMs: number, toMs: number) => {
        check();
        this.windowQueries.push({ word, fromMs, toMs });
        return (this.windows.get(word) ?? [])
          .filter(([start]) => start >= fromMs && start <= toMs)
          .map(([windowStartMs, value]) => ({ windowStartMs, value }));
      },
    };
  }

  activeTasks(): string[] {
    return ['0_0', '1_0'];
  }

  restoringTasks(): string[] {
    return this.restoring;
  }

  /** The state and tasks above; nothing processed, restored or committed. */
  metrics(): StreamsMetrics {
    return {
      state: this.state,
      activeTasks: this.activeTasks(),
      restoringTasks: this.restoring,
      standbyTasks: [],
      standby: {},
      restore: {},
      globalStores: {},
      globalStoreEntries: {},
      tasks: {},
      consumerLag: [],
      commitLatency: { count: 0, sumMs: 0, buckets: [{ leMs: Number.POSITIVE_INFINITY, count: 0 }] },
      rebalances: 0,
      partitionsLost: 0,
      restoreProgress: [],
      transactions: { committed: 0, aborted: 0 },
    };
  }

  health(): StreamsHealth {
    return streamsHealth({ state: this.state, restoringTasks: this.restoring, globalStoresBootstrapped: true });
  }

  async start(): Promise<void> {}

  async close(): Promise<boolean> {
    return true;
  }
}
