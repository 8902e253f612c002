import type { Serde, StoreKind } from '@streamkit/kafka-streams';

/**
 * A state store that more than one place names: the topology that materializes it, the service that queries
 * it, the manifests that pre-create its changelog. The type parameters say what a query gets back.
 */
export interface StoreRef<K, V, Kind extends StoreKind = StoreKind> {
  readonly name: string;
  readonly kind: Kind;
  readonly keySerde: Serde<K>;
  readonly valueSerde: Serde<V>;
}

export const storeRef = <K, V, Kind extends StoreKind>(
  name: string,
  kind: Kind,
  keySerde: Serde<K>,
  valueSerde: Serde<V>,
): StoreRef<K, V, Kind> => ({ name, kind, keySerde, valueSerde });
