// A byte-level window store: values per (key, window start). Entries older than the retention period
// (relative to the newest window start seen) are dropped, from memory and disk alike.
import type { PersistentMirror } from './persistent-index.js';
import type { StateStore } from '../../state/store.js';
import { bufferKey, keyBuffer } from './bytes.js';

const LONG = 8;

export interface WindowEntry {
  readonly key: Buffer;
  readonly startMs: number;
  readonly value: Buffer;
}

/** The changelog/disk key of a window entry: <key><start as int64 big-endian>. */
export function windowEntryKey(key: Buffer, startMs: number): Buffer {
  const out = Buffer.alloc(key.length + LONG);
  key.copy(out);
  out.writeBigInt64BE(BigInt(startMs), key.length);
  return out;
}

export function parseWindowEntryKey(bytes: Buffer): { key: Buffer; startMs: number } {
  const keyEnd = bytes.length - LONG;
  return { key: bytes.subarray(0, keyEnd), startMs: Number(bytes.readBigInt64BE(keyEnd)) };
}

export class BytesWindowStore implements StateStore {
  private readonly windows = new Map<string, Map<number, Buffer>>();
  private newestStartMs = Number.NEGATIVE_INFINITY;
  private open_ = false;

  constructor(
    readonly name: string,
    readonly retentionMs: number,
    private readonly mirror?: PersistentMirror,
    /** Told about every change, for the changelog; restores do not call it. */
    private readonly onChange?: (entryKey: Buffer, value: Buffer | null) => void,
  ) {}

  get persistent(): boolean {
    return this.mirror !== undefined;
  }

  async open(): Promise<void> {
    if (this.mirror) for (const [entryKey, value] of await this.mirror.open()) this.apply(entryKey, value, false);
    this.open_ = true;
  }

  isOpen(): boolean {
    return this.open_;
  }

  put(key: Buffer, startMs: number, value: Buffer | null): void {
    const entryKey = windowEntryKey(key, startMs);
    if (this.apply(entryKey, value, true)) this.onChange?.(entryKey, value);
  }

  /** Applies a changelog record (restore): no changelog write. */
  restore(entryKey: Buffer, value: Buffer | null): void {
    this.apply(entryKey, value, true);
  }

  /** Returns false when the window is already past retention (a late write that is ignored). */
  private apply(entryKey: Buffer, value: Buffer | null, mirror: boolean): boolean {
    const { key, startMs } = parseWindowEntryKey(entryKey);
    if (startMs < this.newestStartMs - this.retentionMs) return false;
    const k = bufferKey(key);
    let byStart = this.windows.get(k);
    if (value === null) {
      byStart?.delete(startMs);
      if (byStart?.size === 0) this.windows.delete(k);
    } else {
      if (byStart === undefined) this.windows.set(k, (byStart = new Map()));
      byStart.set(startMs, value);
    }
    if (mirror) this.mirror?.record(entryKey, value);
    if (startMs > this.newestStartMs) {
      this.newestStartMs = startMs;
      this.expire();
    }
    return true;
  }

  private expire(): void {
    const oldest = this.newestStartMs - this.retentionMs;
    for (const [k, byStart] of this.windows) {
      for (const startMs of byStart.keys()) {
        if (startMs < oldest) {
          byStart.delete(startMs);
          this.mirror?.record(windowEntryKey(keyBuffer(k), startMs), null);
        }
      }
      if (byStart.size === 0) this.windows.delete(k);
    }
  }

  fetch(key: Buffer, startMs: number): Buffer | undefined {
    return this.windows.get(bufferKey(key))?.get(startMs);
  }

  /** Windows of one key with fromMs <= start <= toMs, oldest first. */
  fetchRange(key: Buffer, fromMs: number, toMs: number): WindowEntry[] {
    const byStart = this.windows.get(bufferKey(key));
    if (byStart === undefined) return [];
    return [...byStart]
      .filter(([startMs]) => startMs >= fromMs && startMs <= toMs)
      .sort(([a], [b]) => a - b)
      .map(([startMs, value]) => ({ key, startMs, value }));
  }

  /** Windows of all keys with fromMs <= start <= toMs, by key bytes then start. */
  fetchAll(fromMs = Number.NEGATIVE_INFINITY, toMs = Number.POSITIVE_INFINITY): WindowEntry[] {
    const entries: WindowEntry[] = [];
    for (const k of [...this.windows.keys()].sort()) {
      entries.push(...this.fetchRange(keyBuffer(k), fromMs, toMs));
    }
    return entries;
  }

  approximateNumEntries(): number {
    let n = 0;
    for (const byStart of this.windows.values()) n += byStart.size;
    return n;
  }

  async flush(): Promise<void> {
    await this.mirror?.flush();
  }

  async close(): Promise<void> {
    await this.mirror?.close();
    this.open_ = false;
  }
}
