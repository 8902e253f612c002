// The node definitions a Topology is made of. They are untyped (unknown keys/values) on purpose: types are
// enforced where nodes are connected (the DSL), and a topology is a graph of heterogeneous nodes.
import type { ProcessorSupplier } from '../processor/api.js';
import type { Deserializer, Headers, Serializer } from '../serde/serde.js';

/** What a timestamp extractor sees: the consumed record, already deserialized. */
export interface ExtractableRecord<K, V> {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  /** The timestamp Kafka stored with the record (CreateTime or LogAppendTime). */
  readonly timestamp: number;
  readonly key: K;
  readonly value: V;
  readonly headers: Headers;
}

export interface ExtractionContext {
  /** The largest timestamp extracted so far on this partition (-1 before the first). */
  readonly partitionTimeMs: number;
  /** The task's wall clock (mocked by the TopologyTestDriver). */
  readonly wallClockMs: number;
}

/** Java: TimestampExtractor. Must return epoch milliseconds >= 0; anything else is a deserialization-class error. */
export type TimestampExtractor<K = unknown, V = unknown> = (
  record: ExtractableRecord<K, V>,
  context: ExtractionContext,
) => number;

/** Where the record being processed came from; topic/partition/offset are absent in punctuators. */
export interface RecordContext {
  readonly topic: string | undefined;
  readonly partition: number | undefined;
  readonly offset: bigint | undefined;
  readonly timestamp: number;
  readonly headers: Headers;
}

/** Java: TopicNameExtractor — picks the output topic per record. */
export type TopicNameExtractor<K, V> = (key: K, value: V, recordContext: RecordContext) => string;

/** Java: StreamPartitioner. undefined lets the runtime's default (murmur2 of the key bytes) decide. */
export type StreamPartitioner<K, V> = (topic: string, key: K, value: V, numPartitions: number) => number | undefined;

export interface NamedDeserializer<T> extends Deserializer<T> {
  readonly name?: string;
}
export interface NamedSerializer<T> extends Serializer<T> {
  readonly name?: string;
}

export interface SourceNodeSpec {
  readonly kind: 'source';
  readonly name: string;
  /** Topic names (unprefixed when internal); empty when `pattern` is set. */
  readonly topics: ReadonlyArray<string>;
  readonly pattern: RegExp | undefined;
  readonly internal: boolean;
  readonly keySerde: NamedDeserializer<unknown> | undefined;
  readonly valueSerde: NamedDeserializer<unknown> | undefined;
  readonly timestampExtractor: TimestampExtractor | undefined;
}

export interface ProcessorNodeSpec {
  readonly kind: 'processor';
  readonly name: string;
  readonly supplier: ProcessorSupplier<unknown, unknown, unknown, unknown>;
  readonly parents: ReadonlyArray<string>;
  readonly stores: string[];
}

export interface SinkNodeSpec {
  readonly kind: 'sink';
  readonly name: string;
  /** A fixed topic (unprefixed when internal) or a per-record extractor. */
  readonly topic: string | TopicNameExtractor<unknown, unknown>;
  readonly internal: boolean;
  readonly keySerde: NamedSerializer<unknown> | undefined;
  readonly valueSerde: NamedSerializer<unknown> | undefined;
  readonly partitioner: StreamPartitioner<unknown, unknown> | undefined;
  readonly parents: ReadonlyArray<string>;
}

export type NodeSpec = SourceNodeSpec | ProcessorNodeSpec | SinkNodeSpec;

export const parentsOf = (node: NodeSpec): ReadonlyArray<string> => (node.kind === 'source' ? [] : node.parents);
