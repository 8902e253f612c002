/**
 * One record a global store's processor applied (told to update listeners, after the store changed).
 * For a global table, `value` null means the key was deleted.
 */
export interface GlobalStoreUpdate<K, V> {
  readonly store: string;
  readonly key: K;
  readonly value: V | null;
  readonly timestamp: number;
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
}

/** Told about each live update of a global store (`KafkaStreams.onGlobalStoreUpdate`). */
export type GlobalStoreUpdateListener<K, V> = (update: GlobalStoreUpdate<K, V>) => void;
