import type { Serde } from '../../serde/serde.js';
import { StoreFacade } from './store-facade.js';
import type { Windowed } from '../../windows/window.js';
import type { SessionStore, StoreIterator, WindowStore } from '../../state/store.js';
import { canListenToFlushes, type CacheFlushListener, type FlushListenerHost } from './cache-flush-listener.js';
import { parseSessionEntryKey, type SessionBytesStore, type SessionEntry } from './session-store.js';
import { mapIterator } from './store-iterator.js';
import { parseWindowEntryKey, type WindowBytesStore, type WindowEntry } from './window-store.js';

function serializeKey<K>(serde: Serde<K>, storeName: string, key: K): Buffer {
  const bytes = serde.serialize(storeName, key);
  if (bytes === null) throw new Error(`state store "${storeName}": null keys are not allowed`);
  return bytes;
}

/** Turns what a cached byte store flushes (keyed by its changelog key) into typed updates. */
function typedFlushListener<K, V>(
  bytes: object,
  listener: CacheFlushListener<Windowed<K>, V>,
  sendOldValues: () => boolean,
  key: (entryKey: Buffer) => Windowed<K>,
  value: (bytes: Buffer) => V,
): boolean {
  if (!canListenToFlushes<Buffer, Buffer>(bytes)) return false;
  const valueOrNull = (data: Buffer | null): V | null => (data === null ? null : value(data));
  return bytes.setFlushListener(
    (update) =>
      listener({
        ...update,
        key: key(update.key),
        newValue: valueOrNull(update.newValue),
        oldValue: valueOrNull(update.oldValue),
      }),
    sendOldValues,
  );
}

export class TypedWindowStore<K, V>
  extends StoreFacade<WindowBytesStore>
  implements WindowStore<K, V>, FlushListenerHost<Windowed<K>, V>
{
  constructor(
    bytes: WindowBytesStore,
    private readonly keySerde: Serde<K>,
    private readonly valueSerde: Serde<V>,
    /** Window size, for the end of the windows this store returns. */
    readonly windowSizeMs: number,
  ) {
    super(bytes);
  }

  /** Registers the listener of a cached store (see cache-flush-listener.ts); false when the store is not cached. */
  setFlushListener(listener: CacheFlushListener<Windowed<K>, V>, sendOldValues: () => boolean): boolean {
    return typedFlushListener(
      this.inner,
      listener,
      sendOldValues,
      (entryKey) => {
        const { key, startMs } = parseWindowEntryKey(entryKey);
        return this.windowedKey(key, startMs);
      },
      (bytes) => this.valueSerde.deserialize(this.name, bytes),
    );
  }

  put(key: K, value: V | null, windowStartMs: number): void {
    const valueBytes = value === null ? null : this.valueSerde.serialize(this.name, value);
    this.inner.put(serializeKey(this.keySerde, this.name, key), windowStartMs, valueBytes);
  }

  fetch(key: K, windowStartMs: number): V | undefined {
    const value = this.inner.fetch(serializeKey(this.keySerde, this.name, key), windowStartMs);
    return value === undefined ? undefined : this.valueSerde.deserialize(this.name, value);
  }

  /**
   * Windows of `key` starting in [fromMs, toMs], oldest first; `storeFromMs`: the oldest start the store part
   * answers with, cached windows whatever their start (see WindowBytesStore).
   */
  fetchRange(key: K, fromMs: number, toMs: number, storeFromMs = fromMs): Array<{ windowStartMs: number; value: V }> {
    return this.inner
      .fetchRange(serializeKey(this.keySerde, this.name, key), fromMs, toMs, storeFromMs)
      .map((e) => ({ windowStartMs: e.startMs, value: this.valueSerde.deserialize(this.name, e.value) }));
  }

  /** Windows of every key starting in [fromMs, toMs], by serialized key then start; `storeFromMs` as fetchRange's. */
  fetchAll(fromMs: number, toMs: number, storeFromMs = fromMs): Array<{ key: Windowed<K>; value: V }> {
    return this.inner.fetchAll(fromMs, toMs, storeFromMs).map((e) => this.windowed(e));
  }

  iterateByTime(fromMs: number, toMs: number): StoreIterator<{ key: Windowed<K>; value: V }> {
    return mapIterator(this.inner.iterateByTime(fromMs, toMs), (e) => this.windowed(e));
  }

  iterateAll(fromMs: number, toMs: number): StoreIterator<{ key: Windowed<K>; value: V }> {
    return mapIterator(this.inner.iterateAll(fromMs, toMs), (e) => this.windowed(e));
  }

  private windowed(e: WindowEntry): { key: Windowed<K>; value: V } {
    return { key: this.windowedKey(e.key, e.startMs), value: this.valueSerde.deserialize(this.name, e.value) };
  }

  private windowedKey(key: Buffer, startMs: number): Windowed<K> {
    return {
      key: this.keySerde.deserialize(this.name, key),
      window: { startMs, endMs: startMs + this.windowSizeMs },
    };
  }

  all(): Array<{ key: Windowed<K>; value: V }> {
    return this.fetchAll(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
  }
}

export class TypedSessionStore<K, V>
  extends StoreFacade<SessionBytesStore>
  implements SessionStore<K, V>, FlushListenerHost<Windowed<K>, V>
{
  constructor(
    bytes: SessionBytesStore,
    private readonly keySerde: Serde<K>,
    private readonly valueSerde: Serde<V>,
  ) {
    super(bytes);
  }

  /** Registers the listener of a cached store (see cache-flush-listener.ts); false when the store is not cached. */
  setFlushListener(listener: CacheFlushListener<Windowed<K>, V>, sendOldValues: () => boolean): boolean {
    return typedFlushListener(
      this.inner,
      listener,
      sendOldValues,
      (entryKey) => {
        const { key, startMs, endMs } = parseSessionEntryKey(entryKey);
        return { key: this.keySerde.deserialize(this.name, key), window: { startMs, endMs } };
      },
      (bytes) => this.valueSerde.deserialize(this.name, bytes),
    );
  }

  put(session: Windowed<K>, value: V): void {
    const key = serializeKey(this.keySerde, this.name, session.key);
    const bytes = this.valueSerde.serialize(this.name, value);
    this.inner.put(key, session.window.startMs, session.window.endMs, bytes);
  }

  remove(session: Windowed<K>): void {
    this.inner.remove(
      serializeKey(this.keySerde, this.name, session.key),
      session.window.startMs,
      session.window.endMs,
    );
  }

  /**
   * Sessions of `key` ending at or after earliestEndMs and starting at or before latestStartMs, oldest first;
   * `storeEarliestEndMs`: the oldest end the store part answers with, cached sessions whatever their end.
   */
  findSessions(
    key: K,
    earliestEndMs: number,
    latestStartMs: number,
    storeEarliestEndMs = earliestEndMs,
  ): Array<{ key: Windowed<K>; value: V }> {
    return this.inner
      .findSessions(serializeKey(this.keySerde, this.name, key), earliestEndMs, latestStartMs, storeEarliestEndMs)
      .map((s) => ({
        key: { key, window: { startMs: s.startMs, endMs: s.endMs } },
        value: this.valueSerde.deserialize(this.name, s.value),
      }));
  }

  fetch(key: K): Array<{ key: Windowed<K>; value: V }> {
    return this.findSessions(key, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
  }

  all(): Array<{ key: Windowed<K>; value: V }> {
    return this.inner.fetchAll().map((s) => this.session(s));
  }

  iterateByEnd(fromMs: number, toMs: number): StoreIterator<{ key: Windowed<K>; value: V }> {
    return mapIterator(this.inner.iterateByEnd(fromMs, toMs), (s) => this.session(s));
  }

  iterateAll(): StoreIterator<{ key: Windowed<K>; value: V }> {
    return mapIterator(this.inner.iterateAll(), (s) => this.session(s));
  }

  private session(s: SessionEntry): { key: Windowed<K>; value: V } {
    return {
      key: { key: this.keySerde.deserialize(this.name, s.key), window: { startMs: s.startMs, endMs: s.endMs } },
      value: this.valueSerde.deserialize(this.name, s.value),
    };
  }
}
