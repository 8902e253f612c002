import type { Serde } from '../../serde/serde.js';
import { StoreFacade } from './store-facade.js';
import type { Windowed } from '../../windows/window.js';
import type { BytesSessionStore } from './session-store.js';
import type { BytesWindowStore } from './window-store.js';
import type { SessionStore, StoreIterator, WindowStore } from '../../state/store.js';
import type { SessionEntry } from './session-store.js';
import { mapIterator } from './store-iterator.js';
import type { WindowEntry } from './window-store.js';

function serializeKey<K>(serde: Serde<K>, storeName: string, key: K): Buffer {
  const bytes = serde.serialize(storeName, key);
  if (bytes === null) throw new Error(`state store "${storeName}": null keys are not allowed`);
  return bytes;
}

export class TypedWindowStore<K, V> extends StoreFacade<BytesWindowStore> implements WindowStore<K, V> {
  constructor(
    bytes: BytesWindowStore,
    private readonly keySerde: Serde<K>,
    private readonly valueSerde: Serde<V>,
    /** Window size, for the end of the windows this store returns. */
    readonly windowSizeMs: number,
  ) {
    super(bytes);
  }

  put(key: K, value: V | null, windowStartMs: number): void {
    const valueBytes = value === null ? null : this.valueSerde.serialize(this.name, value);
    this.bytes.put(serializeKey(this.keySerde, this.name, key), windowStartMs, valueBytes);
  }

  fetch(key: K, windowStartMs: number): V | undefined {
    const value = this.bytes.fetch(serializeKey(this.keySerde, this.name, key), windowStartMs);
    return value === undefined ? undefined : this.valueSerde.deserialize(this.name, value);
  }

  fetchRange(key: K, fromMs: number, toMs: number): Array<{ windowStartMs: number; value: V }> {
    return this.bytes
      .fetchRange(serializeKey(this.keySerde, this.name, key), fromMs, toMs)
      .map((e) => ({ windowStartMs: e.startMs, value: this.valueSerde.deserialize(this.name, e.value) }));
  }

  fetchAll(fromMs: number, toMs: number): Array<{ key: Windowed<K>; value: V }> {
    return this.bytes.fetchAll(fromMs, toMs).map((e) => this.windowed(e));
  }

  iterateByTime(fromMs: number, toMs: number): StoreIterator<{ key: Windowed<K>; value: V }> {
    return mapIterator(this.bytes.iterateByTime(fromMs, toMs), (e) => this.windowed(e));
  }

  iterateAll(fromMs: number, toMs: number): StoreIterator<{ key: Windowed<K>; value: V }> {
    return mapIterator(this.bytes.iterateAll(fromMs, toMs), (e) => this.windowed(e));
  }

  private windowed(e: WindowEntry): { key: Windowed<K>; value: V } {
    return {
      key: {
        key: this.keySerde.deserialize(this.name, e.key),
        window: { startMs: e.startMs, endMs: e.startMs + this.windowSizeMs },
      },
      value: this.valueSerde.deserialize(this.name, e.value),
    };
  }

  all(): Array<{ key: Windowed<K>; value: V }> {
    return this.fetchAll(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
  }
}

export class TypedSessionStore<K, V> extends StoreFacade<BytesSessionStore> implements SessionStore<K, V> {
  constructor(
    bytes: BytesSessionStore,
    private readonly keySerde: Serde<K>,
    private readonly valueSerde: Serde<V>,
  ) {
    super(bytes);
  }

  put(session: Windowed<K>, value: V): void {
    const key = serializeKey(this.keySerde, this.name, session.key);
    const bytes = this.valueSerde.serialize(this.name, value);
    this.bytes.put(key, session.window.startMs, session.window.endMs, bytes);
  }

  remove(session: Windowed<K>): void {
    this.bytes.remove(
      serializeKey(this.keySerde, this.name, session.key),
      session.window.startMs,
      session.window.endMs,
    );
  }

  findSessions(key: K, earliestEndMs: number, latestStartMs: number): Array<{ key: Windowed<K>; value: V }> {
    return this.bytes
      .findSessions(serializeKey(this.keySerde, this.name, key), earliestEndMs, latestStartMs)
      .map((s) => ({
        key: { key, window: { startMs: s.startMs, endMs: s.endMs } },
        value: this.valueSerde.deserialize(this.name, s.value),
      }));
  }

  fetch(key: K): Array<{ key: Windowed<K>; value: V }> {
    return this.findSessions(key, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
  }

  all(): Array<{ key: Windowed<K>; value: V }> {
    return this.bytes.fetchAll().map((s) => this.session(s));
  }

  iterateByEnd(fromMs: number, toMs: number): StoreIterator<{ key: Windowed<K>; value: V }> {
    return mapIterator(this.bytes.iterateByEnd(fromMs, toMs), (s) => this.session(s));
  }

  iterateAll(): StoreIterator<{ key: Windowed<K>; value: V }> {
    return mapIterator(this.bytes.iterateAll(), (s) => this.session(s));
  }

  private session(s: SessionEntry): { key: Windowed<K>; value: V } {
    return {
      key: { key: this.keySerde.deserialize(this.name, s.key), window: { startMs: s.startMs, endMs: s.endMs } },
      value: this.valueSerde.deserialize(this.name, s.value),
    };
  }
}
