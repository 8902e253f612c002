// The StreamTask implementation: one sub-topology instance for one partition number. It picks the next
// record by lowest timestamp across its input partitions, runs it depth-first through the processor graph,
// fires punctuators, and applies the three error handlers (logging and counting every record they let go).
import { decideProductionError, productionContinuedMessage } from './production-errors.js';
import { TaskFailedError } from '../../errors/exceptions.js';
import type { ErrorContext, HandlerResponse } from '../../errors/handlers.js';
import type { Cancellable, PunctuationType, Record, RecordMetadata } from '../../processor/api.js';
import type { NodeSpec, SourceNodeSpec } from '../../topology/nodes.js';
import type { TaskEnvironment } from '../topology/plan.js';
import { type ConsumedRecord, type ProducedRecord, type StreamTask, zeroTaskMetrics } from './contracts.js';
import { formatTaskId, type TaskId } from '../../processor/task-id.js';
import type { TaskMetrics } from '../../runtime/metrics.js';
import { deadLetterRecord } from './dead-letter.js';
import { PartitionQueue, type PreparedRecord } from './partition-queue.js';
import {
  type NodeHost,
  ProcessorRuntimeNode,
  type RuntimeNode,
  SinkRuntimeNode,
  SourceRuntimeNode,
} from './processor-node.js';
import { PunctuationQueue } from './punctuation.js';
import { TimestampExtractors } from '../../processor/timestamp-extractors.js';
import { extractTimestamp } from './timestamps.js';
import { type OutgoingTraceContext, RecordTracing, setTraceContext } from './record-tracing.js';
import type { Headers, MutableHeaders } from '../../serde/serde.js';
import type { CachedRecordContext } from '../state/record-cache.js';
import type { RecordContextHost } from '../state/task-record-cache.js';

export interface StreamTaskOptions {
  readonly id: TaskId;
  readonly inputs: ReadonlyArray<{ readonly topic: string; readonly partition: number }>;
  readonly env: TaskEnvironment;
  /** The sub-topology's nodes, in the order they were added. */
  readonly nodes: ReadonlyArray<NodeSpec>;
}

/** Spans for processed records, from the global tracer provider (a no-op until an OpenTelemetry SDK registers one). */
const recordTracing = new RecordTracing();

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));
/** The input record being processed, and the trace context what it produces carries. */
interface CurrentRecord {
  readonly raw: ConsumedRecord;
  readonly timestamp: number;
  readonly trace?: OutgoingTraceContext;
}

const headerBytes = (headers: Headers): number =>
  headers.reduce((sum, [key, value]) => sum + key.length + value.length, 0);

const recordFields = (raw: ConsumedRecord | undefined) =>
  raw ? { topic: raw.topic, partition: raw.partition, offset: raw.offset.toString() } : {};

export class StreamTaskImpl implements StreamTask, NodeHost, RecordContextHost {
  readonly id: TaskId;
  readonly taskId: string;
  readonly inputs: ReadonlyArray<{ readonly topic: string; readonly partition: number }>;
  readonly applicationId: string;
  readonly collector: TaskEnvironment['collector'];

  private readonly env: TaskEnvironment;
  private readonly queues = new Map<string, PartitionQueue>();
  private readonly sources = new Map<string, { spec: SourceNodeSpec; node: RuntimeNode }>();
  private readonly nodes: RuntimeNode[] = [];
  private readonly streamPunctuations = new PunctuationQueue();
  private readonly wallClockPunctuations = new PunctuationQueue();
  private readonly offsets = new Map<string, bigint>();
  private readonly counters = zeroTaskMetrics();
  private streamTime = -1;
  private wallClock: number;
  /** The time of the punctuation being fired (stream time or wall clock, by its type). */
  private punctuationTime: number | undefined;
  private current: CurrentRecord | undefined;
  /** The record the running node was given (its timestamp and headers are what a cached write remembers). */
  private nodeRecord: Record<unknown, unknown> | undefined;
  /** While the record cache writes an entry: the timestamp of the record that last wrote it. */
  private cachedTimestamp: number | undefined;
  private wantsCommit = false;
  private closed = false;
  /** Per empty partition with no data on the broker: until when the task waits for new data (maxTaskIdleMs). */
  private readonly idleDeadlines = new Map<string, number>();

  constructor(options: StreamTaskOptions) {
    this.id = options.id;
    this.taskId = formatTaskId(options.id);
    this.inputs = options.inputs;
    this.env = options.env;
    this.applicationId = options.env.applicationId;
    this.collector = options.env.collector;
    this.wallClock = options.env.wallClock?.() ?? Date.now();
    this.buildGraph(options.nodes);
    for (const input of options.inputs) this.queueFor(input.topic, input.partition);
    if (options.env.initialPartitionTimes) this.initializePartitionTimes(options.env.initialPartitionTimes);
    options.env.recordCache?.bind(this);
    for (const node of this.nodes) node.init();
  }

  // ---- StreamTask ----

  addRecords(records: ReadonlyArray<ConsumedRecord>): void {
    // A fetched batch is one partition's records, in a row: the queue is looked up once per run of them.
    let queue: PartitionQueue | undefined;
    for (const record of records) {
      if (queue === undefined || queue.partition !== record.partition || queue.topic !== record.topic)
        queue = this.queueFor(record.topic, record.partition);
      queue.add(record);
    }
  }

  buffered(partition?: { readonly topic: string; readonly partition: number }): number {
    if (partition) return this.queues.get(`${partition.topic}:${partition.partition}`)?.size() ?? 0;
    let total = 0;
    for (const queue of this.queues.values()) total += queue.size();
    return total;
  }

  process(wallClockMs: number): boolean {
    this.wallClock = wallClockMs;
    if (!this.readyToProcess(wallClockMs)) return false;
    let consumed = false;
    const next = this.chooseNext(() => (consumed = true));
    if (!next) return consumed;
    const [queue, record] = next;
    queue.shift();
    queue.partitionTimeMs = Math.max(queue.partitionTimeMs, record.timestamp);
    this.streamTime = Math.max(this.streamTime, record.timestamp);
    try {
      const source = this.sources.get(queue.sourceNodeName)!.node;
      recordTracing.process(record.raw, this, (trace) => {
        this.current = { raw: record.raw, timestamp: record.timestamp, trace };
        source.process({
          key: record.key,
          value: record.value,
          timestamp: record.timestamp,
          headers: record.raw.headers,
        });
      });
      this.counters.processed++;
    } finally {
      this.current = undefined;
    }
    this.offsets.set(queue.key, record.raw.offset + 1n);
    this.counters.punctuations += this.streamPunctuations.fireDue(this.streamTime, (node, fire) =>
      this.punctuate(node, fire, this.streamTime),
    );
    return true;
  }

  punctuateWallClock(wallClockMs: number): void {
    this.wallClock = wallClockMs;
    this.counters.punctuations += this.wallClockPunctuations.fireDue(wallClockMs, (node, fire) =>
      this.punctuate(node, fire, wallClockMs),
    );
  }

  committableOffsets(): ReadonlyMap<string, bigint> {
    return new Map(this.offsets);
  }

  partitionTimes(): ReadonlyMap<string, number> {
    return new Map([...this.queues.values()].map((queue) => [queue.key, queue.partitionTimeMs]));
  }

  initializePartitionTimes(times: ReadonlyMap<string, number>): void {
    for (const [key, time] of times) {
      const queue = this.queues.get(key);
      if (!queue || time <= queue.partitionTimeMs) continue;
      queue.partitionTimeMs = time;
      this.streamTime = Math.max(this.streamTime, time);
    }
  }

  flushCache(): void {
    this.env.recordCache?.flush();
  }

  // ---- RecordContextHost ----

  captureRecordContext(): CachedRecordContext {
    const record = this.nodeRecord;
    const timestamp = record?.timestamp ?? this.currentTimestampMs();
    const headers = record?.headers ?? [];
    const raw = this.current?.raw;
    const rawBytes = raw ? (raw.key?.length ?? 0) + (raw.value?.length ?? 0) + raw.topic.length : 0;
    return { timestamp, headers, origin: this.current, sizeBytes: 16 + rawBytes + headerBytes(headers) };
  }

  runInRecordContext(context: CachedRecordContext, run: () => void): void {
    const saved = { current: this.current, punctuationTime: this.punctuationTime, cached: this.cachedTimestamp };
    this.current = context.origin as CurrentRecord | undefined;
    this.punctuationTime = this.current ? undefined : context.timestamp;
    this.cachedTimestamp = context.timestamp;
    try {
      run();
    } finally {
      this.current = saved.current;
      this.punctuationTime = saved.punctuationTime;
      this.cachedTimestamp = saved.cached;
    }
  }

  commitRequested(): boolean {
    return this.wantsCommit;
  }

  markCommitted(): void {
    this.wantsCommit = false;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.streamPunctuations.clear();
    this.wallClockPunctuations.clear();
    for (const queue of this.queues.values()) queue.clear();
    for (const node of this.nodes) node.close();
  }

  metrics(): TaskMetrics {
    return { ...this.counters };
  }

  /** The task's stream time: the largest timestamp processed (-1 before the first record). */
  streamTimeMs(): number {
    return this.streamTime;
  }

  /** As Java's record context: the record being processed, else the punctuation being fired, else stream time. */
  currentTimestampMs(): number {
    return this.cachedTimestamp ?? this.current?.timestamp ?? this.punctuationTime ?? this.streamTime;
  }

  /** A state store of this task (provided by the runtime in TaskEnvironment.stores), a global store, or undefined. */
  getStateStore(name: string): unknown {
    return this.env.stores?.get(name) ?? this.env.globalStores?.get(name);
  }

  // ---- NodeHost ----

  runChild(child: RuntimeNode, record: Record<unknown, unknown>): void {
    const parentRecord = this.nodeRecord;
    this.nodeRecord = record;
    try {
      child.process(record);
    } catch (error) {
      if (error instanceof TaskFailedError) throw error;
      this.processingFailed(child.name, asError(error));
    } finally {
      this.nodeRecord = parentRecord;
    }
  }

  recordMetadata(): RecordMetadata | undefined {
    const raw = this.current?.raw;
    return raw ? { topic: raw.topic, partition: raw.partition, offset: raw.offset } : undefined;
  }

  wallClockMs(): number {
    return this.wallClock;
  }

  schedule(
    nodeName: string,
    intervalMs: number,
    type: PunctuationType,
    punctuator: (timestampMs: number) => void,
  ): Cancellable {
    // Like Kafka Streams: stream-time punctuation is aligned to 0 (fires as soon as there is data),
    // wall-clock punctuation first fires one interval from now.
    return type === 'stream-time'
      ? this.streamPunctuations.schedule(nodeName, 0, intervalMs, punctuator)
      : this.wallClockPunctuations.schedule(nodeName, this.wallClock + intervalMs, intervalMs, punctuator);
  }

  requestCommit(): void {
    this.wantsCommit = true;
  }

  stateStore(nodeName: string, connected: ReadonlyArray<string>, storeName: string): unknown {
    // As in Kafka Streams, global stores are readable by every processor without connecting them.
    const global = this.env.globalStores?.get(storeName);
    if (global !== undefined) return global;
    if (!connected.includes(storeName)) {
      throw new Error(
        `Processor ${nodeName} is not connected to state store ${storeName}: name it in process(supplier, '${storeName}') ` +
          'or connect it with topology.connectProcessorAndStateStores',
      );
    }
    const store = this.env.stores?.get(storeName);
    if (store === undefined) throw new Error(`State store ${storeName} was not provided to task ${this.taskId}`);
    return store;
  }

  internalTopicName(name: string): string {
    return this.env.internalTopicName(name);
  }

  propagateTraceContext(headers: MutableHeaders): void {
    const trace = this.current?.trace;
    if (trace) setTraceContext(headers, trace);
  }

  lateRecordDropped(nodeName: string, details: Readonly<globalThis.Record<string, unknown>>): void {
    this.counters.droppedLateRecords++;
    this.env.logger.debug('late record dropped: its window had closed', {
      taskId: this.taskId,
      node: nodeName,
      ...details,
    });
  }

  productionFailed(nodeName: string, record: ProducedRecord, error: unknown): void {
    const cause = asError(error);
    this.counters.productionErrors++;
    const context = this.errorContext(nodeName);
    const decision = this.ask(
      () => decideProductionError(this.env.errorHandlers.production, context, record, cause),
      nodeName,
    );
    const fields = {
      taskId: this.taskId,
      node: nodeName,
      outputTopic: record.topic,
      ...recordFields(this.current?.raw),
      error: cause.message,
    };
    if (decision === 'fail')
      this.fail(`Sink ${nodeName} failed to produce to ${record.topic}`, nodeName, cause, fields);
    this.counters.skipped++;
    this.env.logger.warn(productionContinuedMessage('serialization'), fields);
  }

  // ---- internals ----

  private buildGraph(specs: ReadonlyArray<NodeSpec>): void {
    const byName = new Map<string, RuntimeNode>();
    for (const spec of specs) {
      let node: RuntimeNode;
      if (spec.kind === 'source') {
        node = new SourceRuntimeNode(spec.name, this);
        this.sources.set(spec.name, { spec, node });
      } else if (spec.kind === 'processor') {
        node = new ProcessorRuntimeNode(spec.name, spec.supplier(), spec.stores, this);
      } else {
        node = new SinkRuntimeNode(spec, this);
      }
      byName.set(spec.name, node);
      this.nodes.push(node);
    }
    for (const spec of specs) {
      if (spec.kind === 'source') continue;
      for (const parent of new Set(spec.parents)) byName.get(parent)?.children.push(byName.get(spec.name)!);
    }
  }

  private queueFor(topic: string, partition: number): PartitionQueue {
    const key = `${topic}:${partition}`;
    let queue = this.queues.get(key);
    if (!queue) {
      queue = new PartitionQueue(topic, partition, this.sourceFor(topic).name);
      this.queues.set(key, queue);
    }
    return queue;
  }

  private sourceFor(topic: string): SourceNodeSpec {
    let byPattern: SourceNodeSpec | undefined;
    for (const { spec } of this.sources.values()) {
      const names = spec.topics.map((t) => (spec.internal ? this.env.internalTopicName(t) : t));
      if (names.includes(topic)) return spec;
      if (spec.pattern && new RegExp(spec.pattern.source, spec.pattern.flags.replace('g', '')).test(topic))
        byPattern ??= spec;
    }
    if (byPattern) return byPattern;
    throw new Error(`Task ${this.taskId} has no source node for topic ${topic}`);
  }

  /**
   * Java's PartitionGroup.readyToProcess: with some input partitions empty, the task waits while one of them has
   * data on the broker not fetched yet (or its lag is unknown), and, with none of that, up to maxTaskIdleMs for new
   * data; only then does it choose among the partitions it has, possibly out of timestamp order.
   */
  private readyToProcess(wallClockMs: number): boolean {
    const idling = this.env.idling;
    if (!idling || idling.maxTaskIdleMs < 0) return true;
    let buffered = false;
    let waiting = false;
    for (const queue of this.queues.values()) {
      if (queue.size() > 0) {
        buffered = true;
        this.idleDeadlines.delete(queue.key);
        continue;
      }
      const lag = idling.fetchedLag(queue.topic, queue.partition);
      if (lag === undefined || lag > 0n) {
        this.idleDeadlines.delete(queue.key);
        waiting = true;
        continue;
      }
      let deadline = this.idleDeadlines.get(queue.key);
      if (deadline === undefined) this.idleDeadlines.set(queue.key, (deadline = wallClockMs + idling.maxTaskIdleMs));
      if (wallClockMs < deadline) waiting = true;
    }
    return buffered && !waiting;
  }

  /** The queue whose head has the lowest timestamp (ties: the first input); undecodable heads are handled on the way. */
  private chooseNext(onSkipped: () => void): [PartitionQueue, PreparedRecord] | undefined {
    let best: [PartitionQueue, PreparedRecord] | undefined;
    for (const queue of this.queues.values()) {
      const head = this.prepareHead(queue, onSkipped);
      if (head && (!best || head.timestamp < best[1].timestamp)) best = [queue, head];
    }
    return best;
  }

  private prepareHead(queue: PartitionQueue, onSkipped: () => void): PreparedRecord | undefined {
    for (;;) {
      const prepared = queue.preparedHead();
      if (prepared) return prepared;
      const raw = queue.rawHead();
      if (!raw) return undefined;
      try {
        const source = this.sources.get(queue.sourceNodeName)!.spec;
        const key = source.keySerde!.deserialize(raw.topic, raw.key, raw.headers);
        const value = source.valueSerde!.deserialize(raw.topic, raw.value, raw.headers);
        const extractor = source.timestampExtractor ?? TimestampExtractors.recordTime();
        const extracted = extractTimestamp(
          extractor,
          { ...raw, key, value },
          { partitionTimeMs: queue.partitionTimeMs, wallClockMs: this.wallClock },
        );
        if ('skip' in extracted) {
          queue.shift();
          this.skipNegativeTimestamp(queue.sourceNodeName, raw, extracted.value);
          this.offsets.set(queue.key, raw.offset + 1n);
          onSkipped();
          continue;
        }
        queue.setPreparedHead({ raw, key, value, timestamp: extracted.timestampMs });
      } catch (error) {
        queue.shift();
        this.deserializationFailed(queue.sourceNodeName, raw, asError(error));
        this.offsets.set(queue.key, raw.offset + 1n);
        onSkipped();
      }
    }
  }

  /** Java (RecordQueue): a record whose extracted timestamp is negative is logged, counted as dropped and skipped. */
  private skipNegativeTimestamp(nodeName: string, raw: ConsumedRecord, timestamp: number): void {
    this.counters.skipped++;
    this.env.logger.warn('Skipping record due to negative extracted timestamp', {
      taskId: this.taskId,
      node: nodeName,
      ...recordFields(raw),
      extractedTimestamp: timestamp,
    });
  }

  private deserializationFailed(nodeName: string, raw: ConsumedRecord, error: Error): void {
    this.counters.deserializationErrors++;
    const context: ErrorContext = { taskId: this.taskId, processorNodeName: nodeName, sourceRecord: raw };
    const response = this.ask(() => this.env.errorHandlers.deserialization.handle(context, raw, error), nodeName);
    this.dropOrFail('deserialization', response, nodeName, raw, error);
  }

  private processingFailed(nodeName: string, error: Error): void {
    this.counters.processingErrors++;
    const context = this.errorContext(nodeName);
    const response = this.ask(() => this.env.errorHandlers.processing.handle(context, error), nodeName);
    this.dropOrFail('processing', response, nodeName, this.current?.raw, error);
  }

  private dropOrFail(
    kind: 'deserialization' | 'processing',
    response: HandlerResponse,
    nodeName: string,
    raw: ConsumedRecord | undefined,
    error: Error,
  ): void {
    const fields = {
      taskId: this.taskId,
      node: nodeName,
      ...recordFields(raw),
      error: `${error.name}: ${error.message}`,
    };
    if (response === 'fail')
      this.fail(
        `${kind === 'processing' ? 'Processing' : 'Deserialization'} failed at node ${nodeName}`,
        nodeName,
        error,
        fields,
      );
    this.counters.skipped++;
    if (response === 'continue') {
      this.env.logger.warn(`${kind} error: the ${kind} exception handler chose to continue, record skipped`, fields);
      return;
    }
    if (!raw) {
      this.env.logger.warn(`${kind} error in a punctuator: nothing to dead-letter, skipped`, fields);
      return;
    }
    try {
      this.collector.send(deadLetterRecord(response.deadLetterTopic, raw, error));
    } catch (sendError) {
      this.fail(
        `Could not send a record to dead-letter topic ${response.deadLetterTopic}`,
        nodeName,
        asError(sendError),
        fields,
      );
    }
    this.counters.deadLettered++;
    this.env.logger.warn(`${kind} error: record sent to dead-letter topic ${response.deadLetterTopic}`, fields);
  }

  /** Calls a handler; a handler that throws fails the task, as in Kafka Streams. */
  private ask<R>(handle: () => R, nodeName: string): R {
    try {
      return handle();
    } catch (error) {
      return this.fail('An exception handler threw', nodeName, asError(error), { taskId: this.taskId, node: nodeName });
    }
  }

  private fail(
    what: string,
    nodeName: string,
    cause: Error,
    fields: Readonly<globalThis.Record<string, unknown>>,
  ): never {
    this.env.logger.error(`${what}; stopping task ${this.taskId}`, fields);
    throw new TaskFailedError(`${what} in task ${this.taskId}: ${cause.message}`, this.taskId, nodeName, { cause });
  }

  private errorContext(nodeName: string): ErrorContext {
    const raw = this.current?.raw;
    return raw
      ? { taskId: this.taskId, processorNodeName: nodeName, sourceRecord: raw }
      : { taskId: this.taskId, processorNodeName: nodeName };
  }

  private punctuate(nodeName: string, fire: () => void, timestampMs: number): void {
    const saved = this.current;
    this.current = undefined;
    this.punctuationTime = timestampMs;
    try {
      fire();
    } catch (error) {
      if (error instanceof TaskFailedError) throw error;
      this.processingFailed(nodeName, asError(error));
    } finally {
      this.current = saved;
      this.punctuationTime = undefined;
    }
  }
}
