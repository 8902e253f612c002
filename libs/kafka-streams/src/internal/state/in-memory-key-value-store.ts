import type { BytesKeyValueStore, KeyValue } from '../../state/store.js';
import { bufferKey, inRange, keyBuffer } from './bytes.js';

/** A byte-level key-value store in a Map. Its durability is its changelog. */
export class InMemoryKeyValueStore implements BytesKeyValueStore {
  readonly persistent = false;
  private readonly entries = new Map<string, Buffer>();
  private open_ = false;

  constructor(readonly name: string) {}

  async open(): Promise<void> {
    this.open_ = true;
  }

  isOpen(): boolean {
    return this.open_;
  }

  get(key: Buffer): Buffer | undefined {
    return this.entries.get(bufferKey(key));
  }

  put(key: Buffer, value: Buffer | null): void {
    if (value === null) this.entries.delete(bufferKey(key));
    else this.entries.set(bufferKey(key), value);
  }

  async *range(from?: Buffer, to?: Buffer): AsyncIterable<KeyValue<Buffer, Buffer>> {
    const keys = [...this.entries.keys()].sort();
    for (const k of keys) {
      const key = keyBuffer(k);
      const value = this.entries.get(k);
      if (value !== undefined && inRange(key, from, to)) yield { key, value };
    }
  }

  approximateNumEntries(): number {
    return this.entries.size;
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {
    this.open_ = false;
  }
}
