import type { BytesKeyValueStore, KeyValue } from '../../state/store.js';
import { bufferKey, keyBuffer } from './bytes.js';

/** The first index in sorted `keys` whose key is not before `key` (or after it, with `after`). */
function lowerBound(keys: ReadonlyArray<string>, key: string, after = false): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const k = keys[middle]!;
    if (k < key || (after && k === key)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * A byte-level key-value store in a Map, with its keys also in a sorted array (binary search to find, a splice to
 * add or remove a key), so a range reads only what it returns. Its durability is its changelog.
 */
export class InMemoryKeyValueStore implements BytesKeyValueStore {
  readonly persistent = false;
  private readonly entries = new Map<string, Buffer>();
  /** The keys as latin1 strings, whose order is the byte order of the keys. */
  private readonly sortedKeys: string[] = [];
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
    const k = bufferKey(key);
    const existed = this.entries.has(k);
    if (value === null) {
      if (!existed) return;
      this.entries.delete(k);
      this.sortedKeys.splice(lowerBound(this.sortedKeys, k), 1);
    } else {
      this.entries.set(k, value);
      if (!existed) this.sortedKeys.splice(lowerBound(this.sortedKeys, k), 0, k);
    }
  }

  async *range(from?: Buffer, to?: Buffer): AsyncIterable<KeyValue<Buffer, Buffer>> {
    // Continues after the last key yielded, so writes between two steps neither repeat nor skip a key.
    let last: string | undefined;
    const upper = to === undefined ? undefined : bufferKey(to);
    for (;;) {
      const at =
        last === undefined
          ? from === undefined
            ? 0
            : lowerBound(this.sortedKeys, bufferKey(from))
          : lowerBound(this.sortedKeys, last, true);
      const k = this.sortedKeys[at];
      if (k === undefined || (upper !== undefined && k > upper)) return;
      last = k;
      yield { key: keyBuffer(k), value: this.entries.get(k)! };
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
