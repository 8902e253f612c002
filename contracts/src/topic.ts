import type { Serde } from '@streamkit/kafka-streams';

/**
 * A Kafka topic as every party that reads or writes it must see it: its name and the serdes of its keys and
 * values. A producer, a topology's source or sink and a test all take the serdes from here, so they cannot
 * drift apart.
 */
export interface Topic<K, V> {
  readonly name: string;
  readonly keySerde: Serde<K>;
  readonly valueSerde: Serde<V>;
}

export const topic = <K, V>(name: string, keySerde: Serde<K>, valueSerde: Serde<V>): Topic<K, V> => ({
  name,
  keySerde,
  valueSerde,
});
