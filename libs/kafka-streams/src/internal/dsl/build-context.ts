// What every DSL object shares while a topology is being built: the topology, the name counter that makes
// Kafka-Streams-style generated names (KSTREAM-FILTER-0000000001), and the builder's default serdes.
import type { Serde } from '../../serde/serde.js';
import type { Topology } from '../../topology/topology.js';

export class BuildContext {
  private index = 0;

  constructor(
    readonly topology: Topology,
    readonly defaultKeySerde: Serde<unknown> | undefined,
    readonly defaultValueSerde: Serde<unknown> | undefined,
  ) {}

  /** `prefix` + a 10-digit sequence number; every generated name consumes one number, as in Java. */
  newName(prefix: string): string {
    return `${prefix}${String(this.index++).padStart(10, '0')}`;
  }

  /** The user's name, or a generated one. */
  nameOr(given: string | undefined, prefix: string): string {
    return given ?? this.newName(prefix);
  }
}
