// Grouped (Java: org.apache.kafka.streams.kstream.Grouped): serdes and the repartition topic name of a
// grouping. With a name, a grouping that must repartition writes to `<applicationId>-<name>-repartition`.
import type { Serde } from '../serde/serde.js';

export interface Grouped<K, V> {
  readonly name?: string;
  readonly keySerde?: Serde<K>;
  readonly valueSerde?: Serde<V>;
}

export const Grouped = {
  as: (name: string): Grouped<never, never> => {
    if (name.trim() === '') throw new Error('Grouped.as: the name must not be empty');
    return { name };
  },
  with: <K = never, V = never>(options: Grouped<K, V>): Grouped<K, V> => options,
} as const;
