// State store interfaces. Processors use stores synchronously, one record at a time, as in Kafka Streams;
// whole-store scans (range, all) are asynchronous because persistent stores read them from disk.

export interface KeyValue<K, V> {
  readonly key: K;
  readonly value: V;
}

/** What every store has, whatever it holds. */
export interface StateStore {
  readonly name: string;
  /** True when the store keeps its data on disk (and so survives a restart without a full restore). */
  readonly persistent: boolean;
  open(): Promise<void>;
  /** Makes every change so far durable: persistent stores write them in one batch. */
  flush(): Promise<void>;
  close(): Promise<void>;
  isOpen(): boolean;
}

export interface ReadOnlyKeyValueStore<K, V> {
  get(key: K): V | undefined;
  /** Entries with from <= key <= to in the order of the serialized keys (bytes), both bounds optional. */
  range(from?: K, to?: K): AsyncIterable<KeyValue<K, V>>;
  all(): AsyncIterable<KeyValue<K, V>>;
  approximateNumEntries(): number;
}

export interface KeyValueStore<K, V> extends StateStore, ReadOnlyKeyValueStore<K, V> {
  /** `null` deletes the key (a tombstone in the changelog). */
  put(key: K, value: V | null): void;
  putIfAbsent(key: K, value: V): V | undefined;
  putAll(entries: Iterable<KeyValue<K, V | null>>): void;
  /** Deletes the key and returns the value it had. */
  delete(key: K): V | undefined;
}

/** The byte-level store under the typed, logged layers. */
export interface BytesKeyValueStore extends StateStore {
  get(key: Buffer): Buffer | undefined;
  put(key: Buffer, value: Buffer | null): void;
  range(from?: Buffer, to?: Buffer): AsyncIterable<KeyValue<Buffer, Buffer>>;
  approximateNumEntries(): number;
}
