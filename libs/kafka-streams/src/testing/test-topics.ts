// TestInputTopic / TestOutputTopic (Java: org.apache.kafka.streams.TestInputTopic / TestOutputTopic):
// typed ends of the topics a TopologyTestDriver simulates.
import type { ProducedRecord } from '../internal/engine/contracts.js';
import type { Deserializer, Headers, Serializer } from '../serde/serde.js';
import type { KeyValue } from '../state/store.js';

export interface TestRecord<K, V> {
  readonly key: K;
  readonly value: V;
  readonly timestamp: number;
  readonly headers: Headers;
}

export interface InputRecord<K, V> {
  readonly key: K;
  readonly value: V;
  readonly timestamp?: number;
  readonly headers?: Headers;
}

export interface TestInputTopicOptions {
  /** Timestamp of the first record piped without one (default: the driver's initial wall clock). */
  readonly startTimestamp?: number;
  /** Added to the timestamp after each record piped without one (default 0). */
  readonly autoAdvanceMs?: number;
}

/** What the topics need from the driver. */
export interface TopicEndpoint {
  pipe(topic: string, record: { key: Buffer | null; value: Buffer | null; timestamp: number; headers: Headers }): void;
  /** Removes and returns the oldest record produced to `topic`. */
  take(topic: string): ProducedRecord | undefined;
  queued(topic: string): number;
}

export class TestInputTopic<K, V> {
  private nextTimestamp: number;
  private readonly autoAdvanceMs: number;

  /** @internal use driver.createInputTopic */
  constructor(
    private readonly endpoint: TopicEndpoint,
    readonly name: string,
    private readonly keySerde: Serializer<K>,
    private readonly valueSerde: Serializer<V>,
    startTimestamp: number,
    options: TestInputTopicOptions,
  ) {
    this.nextTimestamp = options.startTimestamp ?? startTimestamp;
    this.autoAdvanceMs = options.autoAdvanceMs ?? 0;
  }

  /** Pipes one record and processes it (and everything it causes) before returning. */
  pipeInput(key: K, value: V, timestamp?: number, headers: Headers = []): void {
    this.pipeRecord({ key, value, headers, ...(timestamp === undefined ? {} : { timestamp }) });
  }

  pipeRecord(record: InputRecord<K, V>): void {
    const headers = record.headers ?? [];
    const mutable = headers.map(([k, v]) => [k, v] as [string, Buffer]);
    this.endpoint.pipe(this.name, {
      key: this.keySerde.serialize(this.name, record.key, mutable),
      value: this.valueSerde.serialize(this.name, record.value, mutable),
      timestamp: record.timestamp ?? this.advance(),
      headers: mutable,
    });
  }

  pipeKeyValueList(records: Iterable<KeyValue<K, V>>): void {
    for (const { key, value } of records) this.pipeInput(key, value);
  }

  pipeRecordList(records: Iterable<InputRecord<K, V>>): void {
    for (const record of records) this.pipeRecord(record);
  }

  /** Moves the timestamp used for records piped without one. */
  advanceTime(ms: number): void {
    this.nextTimestamp += ms;
  }

  private advance(): number {
    const timestamp = this.nextTimestamp;
    this.nextTimestamp += this.autoAdvanceMs;
    return timestamp;
  }
}

export class TestOutputTopic<K, V> {
  /** @internal use driver.createOutputTopic */
  constructor(
    private readonly endpoint: TopicEndpoint,
    readonly name: string,
    private readonly keySerde: Deserializer<K>,
    private readonly valueSerde: Deserializer<V>,
  ) {}

  readRecord(): TestRecord<K, V> {
    const record = this.endpoint.take(this.name);
    if (!record) throw new Error(`Output topic ${this.name} is empty`);
    return {
      key: this.keySerde.deserialize(this.name, record.key, record.headers),
      value: this.valueSerde.deserialize(this.name, record.value, record.headers),
      timestamp: record.timestamp,
      headers: record.headers,
    };
  }

  readValue(): V {
    return this.readRecord().value;
  }

  readKeyValue(): KeyValue<K, V> {
    const { key, value } = this.readRecord();
    return { key, value };
  }

  readRecordsToList(): TestRecord<K, V>[] {
    const records: TestRecord<K, V>[] = [];
    while (!this.isEmpty()) records.push(this.readRecord());
    return records;
  }

  readValuesToList(): V[] {
    return this.readRecordsToList().map((r) => r.value);
  }

  readKeyValuesToList(): KeyValue<K, V>[] {
    return this.readRecordsToList().map(({ key, value }) => ({ key, value }));
  }

  /** The latest value per key (a table view of the topic). */
  readKeyValuesToMap(): Map<K, V> {
    const map = new Map<K, V>();
    for (const { key, value } of this.readRecordsToList()) map.set(key, value);
    return map;
  }

  isEmpty(): boolean {
    return this.getQueueSize() === 0;
  }

  getQueueSize(): number {
    return this.endpoint.queued(this.name);
  }
}
