// A KafkaClientFactory that hands out the real kafkajs clients wrapped, to see what a KafkaStreams instance left
// open: a client is open from the moment a connect or any request ended (kafkajs reconnects to retry a request, and
// stays connected also when the request fails in the end) until a disconnect (stop) is called after it. Every call is also announced, so a test can act at a given point of
// start() (close it while the consumer joins its group, say).
import type {
  AdminClient,
  ChangelogReader,
  GlobalConsumer,
  GroupConsumer,
  GroupConsumerOptions,
  KafkaClientFactory,
  RecordProducer,
  TransactionalProducer,
  TransactionalProducerOptions,
} from '../../../src/internal/client/types.js';

/** "<client kind>.<call>" when a call starts, "<client kind>.<call>:done" when it settled. */
export type ClientCall = `${string}.${string}`;

interface Tracked {
  readonly kind: string;
  /** Ticks of the latest connect or request that ended, and of the latest disconnect (stop) called. */
  openedAt: number;
  closedAt: number;
  /** The consumer's run() had not settled when disconnect() was called: kafkajs cannot stop a joining consumer. */
  closedWhileJoining: boolean;
}

export class TrackingClientFactory implements KafkaClientFactory {
  readonly calls: ClientCall[] = [];
  private readonly tracked: Tracked[] = [];
  private tick = 0;

  readonly fencesZombiesByGeneration: boolean;

  constructor(
    private readonly inner: KafkaClientFactory,
    private readonly onCall: (call: ClientCall) => void = () => undefined,
  ) {
    this.fencesZombiesByGeneration = inner.fencesZombiesByGeneration ?? false;
  }

  /** Kinds of the clients that are open now. */
  openClients(): string[] {
    return this.tracked.filter((t) => t.openedAt > t.closedAt).map((t) => t.kind);
  }

  /** Kinds of the consumers disconnected while their run() (the group join) was still in progress. */
  closedWhileJoining(): string[] {
    return this.tracked.filter((t) => t.closedWhileJoining).map((t) => t.kind);
  }

  admin(): AdminClient {
    const admin = this.inner.admin();
    const t = this.track('admin');
    return {
      connect: () => this.open(t, 'connect', admin.connect()),
      disconnect: () => this.close(t, 'disconnect', () => admin.disconnect()),
      listTopics: () => this.call(t, 'listTopics', admin.listTopics()),
      cleanupPolicies: (topics) => this.call(t, 'cleanupPolicies', admin.cleanupPolicies(topics)),
      partitionCounts: (topics) => this.call(t, 'partitionCounts', admin.partitionCounts(topics)),
      createTopics: (topics) => this.call(t, 'createTopics', admin.createTopics(topics)),
      brokerCount: () => this.call(t, 'brokerCount', admin.brokerCount()),
      offsetRange: (partitions) => this.call(t, 'offsetRange', admin.offsetRange(partitions)),
      deleteRecords: (before) => this.call(t, 'deleteRecords', admin.deleteRecords(before)),
      deleteGroups: (groupIds) => this.call(t, 'deleteGroups', admin.deleteGroups(groupIds)),
      committedOffsets: (groupId, partitions) =>
        this.call(t, 'committedOffsets', admin.committedOffsets(groupId, partitions)),
    };
  }

  producer(options?: { readonly transactionalId?: string }): RecordProducer {
    const producer = this.inner.producer(options);
    const t = this.track('producer');
    return {
      connect: () => this.open(t, 'connect', producer.connect()),
      disconnect: () => this.close(t, 'disconnect', () => producer.disconnect()),
      send: (records) => producer.send(records),
    };
  }

  transactionalProducer(options: TransactionalProducerOptions): TransactionalProducer {
    const producer = this.inner.transactionalProducer(options);
    const t = this.track('transactionalProducer');
    return {
      connect: () => this.open(t, 'connect', producer.connect()),
      disconnect: () => this.close(t, 'disconnect', () => producer.disconnect()),
      initTransactions: () => producer.initTransactions(),
      beginTransaction: () => producer.beginTransaction(),
      send: (records) => producer.send(records),
      ...(producer.addPartitions ? { addPartitions: producer.addPartitions.bind(producer) } : {}),
      sendOffsets: (groupId, offsets, groupMetadata) => producer.sendOffsets(groupId, offsets, groupMetadata),
      commitTransaction: () => producer.commitTransaction(),
      abortTransaction: () => producer.abortTransaction(),
    };
  }

  consumer(options: GroupConsumerOptions): GroupConsumer {
    const consumer = this.inner.consumer(options);
    const t = this.track('consumer');
    let joining = false;
    return {
      rebalanceProtocol: consumer.rebalanceProtocol,
      pacesProcessing: consumer.pacesProcessing,
      connect: () => this.open(t, 'connect', consumer.connect()),
      disconnect: () => {
        if (joining) t.closedWhileJoining = true;
        return this.close(t, 'disconnect', () => consumer.disconnect());
      },
      subscribe: (topics, subscribeOptions) => this.call(t, 'subscribe', consumer.subscribe(topics, subscribeOptions)),
      run: (handler, events) => {
        joining = true;
        const running = consumer.run(handler, events).finally(() => (joining = false));
        return this.open(t, 'run', running);
      },
      commit: (offsets) => consumer.commit(offsets),
      pause: (partitions) => consumer.pause(partitions),
      resume: (partitions) => consumer.resume(partitions),
      seek: (position) => consumer.seek(position),
      requestRejoin: () => consumer.requestRejoin(),
    };
  }

  changelogReader(options: { readonly groupId: string }): ChangelogReader {
    return this.inner.changelogReader(options);
  }

  globalConsumer(options: { readonly groupId: string; readonly maxWaitTimeMs?: number }): GlobalConsumer {
    const consumer = this.inner.globalConsumer(options);
    const t = this.track('globalConsumer');
    return {
      start: (positions, onBatch, onError) => this.open(t, 'start', consumer.start(positions, onBatch, onError)),
      stop: () => this.close(t, 'stop', () => consumer.stop()),
    };
  }

  private track(kind: string): Tracked {
    const tracked: Tracked = { kind, openedAt: 0, closedAt: 0, closedWhileJoining: false };
    this.tracked.push(tracked);
    return tracked;
  }

  private async call<T>(t: Tracked, name: string, request: Promise<T>): Promise<T> {
    try {
      return await this.announced(t, name, request);
    } finally {
      t.openedAt = ++this.tick;
    }
  }

  private open<T>(t: Tracked, name: string, opening: Promise<T>): Promise<T> {
    return this.call(t, name, opening);
  }

  private close(t: Tracked, name: string, closing: () => Promise<void>): Promise<void> {
    t.closedAt = ++this.tick;
    return this.announced(t, name, closing());
  }

  private async announced<T>(t: Tracked, name: string, result: Promise<T>): Promise<T> {
    this.announce(`${t.kind}.${name}`);
    try {
      return await result;
    } finally {
      this.announce(`${t.kind}.${name}:done`);
    }
  }

  private announce(call: ClientCall): void {
    this.calls.push(call);
    this.onCall(call);
  }
}
