// Operator options, named after their Kafka Streams counterparts (Named, Consumed, Produced, Repartitioned).
// Their type parameters are inferred from the serdes given, so a serde of the wrong type is a compile error
// where the options are used.
import type { Serde } from '../serde/serde.js';
import type { NamedSerializer, StreamPartitioner, TimestampExtractor } from '../topology/nodes.js';

// eslint-disable-next-line @typescript-eslint/no-unused-vars -- only its type is used, as a brand
declare const UNSET: unique symbol;
/** The type of a key or value whose serde was not given: resolved from the builder's defaults. */
export type Unset = typeof UNSET;
/** T, or the default when T is Unset; `unknown` when neither is known. */
export type Resolve<T, Default> = [T] extends [Unset] ? ([Default] extends [Unset] ? unknown : Default) : T;

/** A processor name (Java: Named.as). */
export interface Named<N extends string = string> {
  readonly name: N;
}

export const Named = {
  as: <N extends string>(name: N): Named<N> => {
    if (name.trim() === '') throw new Error('Named.as: the name must not be empty');
    return { name };
  },
} as const;

export interface Consumed<K, V> {
  readonly keySerde?: Serde<K>;
  readonly valueSerde?: Serde<V>;
  readonly timestampExtractor?: TimestampExtractor<NoInfer<K>, NoInfer<V>>;
  /** Name of the source node. */
  readonly name?: string;
}

export const Consumed = {
  with: <K = Unset, V = Unset>(options: Consumed<K, V>): Consumed<K, V> => options,
  as: (name: string): Consumed<Unset, Unset> => ({ name }),
} as const;

/** How a sink writes: only serializers are needed, so any serde that can write K and V fits. */
export interface Produced<K, V> {
  readonly keySerde?: NamedSerializer<K>;
  readonly valueSerde?: NamedSerializer<V>;
  readonly partitioner?: StreamPartitioner<K, V>;
  /** Name of the sink node. */
  readonly name?: string;
}

export const Produced = {
  with: <K = unknown, V = unknown>(options: Produced<K, V>): Produced<K, V> => options,
  as: (name: string): Produced<unknown, unknown> => ({ name }),
} as const;

export interface Repartitioned<K, V> {
  /** Base name: the topic is `<applicationId>-<name>-repartition`. */
  readonly name?: string;
  readonly keySerde?: Serde<K>;
  readonly valueSerde?: Serde<V>;
  /** Partition count of the repartition topic; default: that of the upstream source topics. */
  readonly numberOfPartitions?: number;
  readonly partitioner?: StreamPartitioner<K, V>;
}

export const Repartitioned = {
  // `never` for an absent serde: Serde<never> fits any stream, the stream's own serde is used.
  with: <K = never, V = never>(options: Repartitioned<K, V>): Repartitioned<K, V> => {
    const partitions = options.numberOfPartitions;
    if (partitions !== undefined && (!Number.isInteger(partitions) || partitions < 1)) {
      throw new Error(`Repartitioned.with: numberOfPartitions must be a positive integer, got ${partitions}`);
    }
    return options;
  },
  as: (name: string): Repartitioned<never, never> => ({ name }),
} as const;
