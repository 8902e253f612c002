// State store interfaces. Processors use stores synchronously, one record at a time, as in Kafka Streams;
// whole-store scans (range, all) are asynchronous because persistent stores read them from disk.
import type { Windowed } from '../windows/window.js';

export interface KeyValue<K, V> {
  readonly key: K;
  readonly value: V;
}

/**
 * A synchronous scan over a window or session store, reading as it goes. Close it when you stop before the
 * end; a `for...of` loop does that itself.
 */
export interface StoreIterator<T> extends Iterator<T, undefined>, Iterable<T> {
  close(): void;
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

export interface ReadOnlyWindowStore<K, V> {
  fetch(key: K, windowStartMs: number): V | undefined;
  /** Windows of `key` starting in [fromMs, toMs], oldest first. */
  fetchRange(key: K, fromMs: number, toMs: number): Array<{ readonly windowStartMs: number; readonly value: V }>;
  /** Windows of every key starting in [fromMs, toMs]. */
  fetchAll(fromMs: number, toMs: number): Array<{ readonly key: Windowed<K>; readonly value: V }>;
  all(): Array<{ readonly key: Windowed<K>; readonly value: V }>;
  approximateNumEntries(): number;
}

export interface WindowStore<K, V> extends StateStore, ReadOnlyWindowStore<K, V> {
  put(key: K, value: V | null, windowStartMs: number): void;
  /**
   * Windows of every key starting in [fromMs, toMs], by start then serialized key: one range read per time
   * segment, whatever the store's size (what a buffer evicting by time needs). Close it when leaving early.
   */
  iterateByTime(fromMs: number, toMs: number): StoreIterator<{ readonly key: Windowed<K>; readonly value: V }>;
  /** Windows of every key starting in [fromMs, toMs], by serialized key then start, read as they are used. */
  iterateAll(fromMs: number, toMs: number): StoreIterator<{ readonly key: Windowed<K>; readonly value: V }>;
}

export interface ReadOnlySessionStore<K, V> {
  /** Sessions of `key` ending at or after earliestEndMs and starting at or before latestStartMs. */
  findSessions(
    key: K,
    earliestEndMs: number,
    latestStartMs: number,
  ): Array<{ readonly key: Windowed<K>; readonly value: V }>;
  fetch(key: K): Array<{ readonly key: Windowed<K>; readonly value: V }>;
  all(): Array<{ readonly key: Windowed<K>; readonly value: V }>;
  approximateNumEntries(): number;
}

export interface SessionStore<K, V> extends StateStore, ReadOnlySessionStore<K, V> {
  put(session: Windowed<K>, value: V): void;
  remove(session: Windowed<K>): void;
  /** Sessions of every key ending in [fromMs, toMs], by end then serialized key. Close it when leaving early. */
  iterateByEnd(fromMs: number, toMs: number): StoreIterator<{ readonly key: Windowed<K>; readonly value: V }>;
  /** Every session, by serialized key, then end, then start, read as they are used. */
  iterateAll(): StoreIterator<{ readonly key: Windowed<K>; readonly value: V }>;
}
