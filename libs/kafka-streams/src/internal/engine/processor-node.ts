// The runtime form of a topology node inside one task: sources hand deserialized records to their
// children, processors run user code with a ProcessorContext, sinks serialize and send.
import type {
  Cancellable,
  Processor,
  ProcessorContext,
  PunctuationType,
  Record,
  RecordMetadata,
} from '../../processor/api.js';
import type { MutableHeaders } from '../../serde/serde.js';
import type { RecordContext, SinkNodeSpec } from '../../topology/nodes.js';
import type { ProducedRecord, RecordCollector } from './contracts.js';

type AnyRecord = Record<unknown, unknown>;

/** What nodes need from the task that runs them. */
export interface NodeHost {
  readonly applicationId: string;
  readonly taskId: string;
  readonly collector: RecordCollector;
  /** Runs `record` through `child`, routing a failure to the processing exception handler. */
  runChild(child: RuntimeNode, record: AnyRecord): void;
  recordMetadata(): RecordMetadata | undefined;
  streamTimeMs(): number;
  wallClockMs(): number;
  schedule(
    nodeName: string,
    intervalMs: number,
    type: PunctuationType,
    punctuator: (timestampMs: number) => void,
  ): Cancellable;
  requestCommit(): void;
  stateStore(nodeName: string, connected: ReadonlyArray<string>, storeName: string): unknown;
  internalTopicName(name: string): string;
  /** Gives a record about to be produced the trace context of the input record being processed, if any. */
  propagateTraceContext(headers: MutableHeaders): void;
  lateRecordDropped(nodeName: string, details: Readonly<globalThis.Record<string, unknown>>): void;
  /** Routes a sink failure to the production exception handler. */
  productionFailed(nodeName: string, record: ProducedRecord, error: unknown): void;
}

export abstract class RuntimeNode {
  readonly children: RuntimeNode[] = [];
  constructor(readonly name: string) {}
  abstract process(record: AnyRecord): void;
  init(): void {}
  close(): void {}

  protected forward(host: NodeHost, record: AnyRecord, childName?: string): void {
    if (childName === undefined) {
      for (const child of this.children) host.runChild(child, record);
      return;
    }
    const child = this.children.find((c) => c.name === childName);
    if (!child) {
      throw new Error(
        `Node ${this.name} has no child named ${childName} (children: ${this.children.map((c) => c.name).join(', ') || 'none'})`,
      );
    }
    host.runChild(child, record);
  }
}

export class SourceRuntimeNode extends RuntimeNode {
  constructor(
    name: string,
    private readonly host: NodeHost,
  ) {
    super(name);
  }
  process(record: AnyRecord): void {
    this.forward(this.host, record);
  }
}

export class ProcessorRuntimeNode extends RuntimeNode {
  private readonly context: ProcessorContext<unknown, unknown>;

  constructor(
    name: string,
    private readonly processor: Processor<unknown, unknown, unknown, unknown>,
    private readonly stores: ReadonlyArray<string>,
    host: NodeHost,
  ) {
    super(name);
    this.context = {
      applicationId: host.applicationId,
      taskId: host.taskId,
      recordMetadata: () => host.recordMetadata(),
      currentStreamTimeMs: () => host.streamTimeMs(),
      currentSystemTimeMs: () => host.wallClockMs(),
      forward: (record, childName) => this.forward(host, record, childName),
      schedule: (intervalMs, type, punctuator) => host.schedule(this.name, intervalMs, type, punctuator),
      commit: () => host.requestCommit(),
      getStateStore: <S>(storeName: string) => host.stateStore(this.name, this.stores, storeName) as S,
      recordDroppedAsLate: (details) => host.lateRecordDropped(this.name, details),
    };
  }

  override init(): void {
    this.processor.init?.(this.context);
  }

  process(record: AnyRecord): void {
    this.processor.process(record);
  }

  override close(): void {
    this.processor.close?.();
  }
}

export class SinkRuntimeNode extends RuntimeNode {
  constructor(
    private readonly spec: SinkNodeSpec,
    private readonly host: NodeHost,
  ) {
    super(spec.name);
  }

  process(record: AnyRecord): void {
    const { spec, host } = this;
    const topic = this.topicFor(record);
    const headers: MutableHeaders = record.headers.map(([key, value]) => [key, value]);
    host.propagateTraceContext(headers);
    let produced: ProducedRecord = { topic, key: null, value: null, timestamp: record.timestamp, headers };
    try {
      const key = spec.keySerde!.serialize(topic, record.key, headers);
      const value = spec.valueSerde!.serialize(topic, record.value, headers);
      produced = { ...produced, key, value };
      const partition = spec.partitioner?.(topic, record.key, record.value, host.collector.partitionsFor(topic));
      if (partition !== undefined) produced = { ...produced, partition };
      host.collector.send(produced);
    } catch (error) {
      host.productionFailed(this.name, produced, error);
    }
  }

  private topicFor(record: AnyRecord): string {
    const { topic, internal } = this.spec;
    if (typeof topic === 'string') return internal ? this.host.internalTopicName(topic) : topic;
    const metadata = this.host.recordMetadata();
    const context: RecordContext = {
      topic: metadata?.topic,
      partition: metadata?.partition,
      offset: metadata?.offset,
      timestamp: record.timestamp,
      headers: record.headers,
    };
    const name = topic(record.key, record.value, context);
    if (typeof name !== 'string' || name === '')
      throw new Error(`The topic name extractor of sink ${this.name} returned no topic`);
    return name;
  }
}
