// A byte-level session store: values per (key, session [start, end]), both bounds inclusive.
import type { PersistentMirror } from './persistent-index.js';
import type { StateStore } from '../../state/store.js';
import { bufferKey, keyBuffer } from './bytes.js';

const LONG = 8;

export interface SessionEntry {
  readonly key: Buffer;
  readonly startMs: number;
  readonly endMs: number;
  readonly value: Buffer;
}

/** The changelog/disk key of a session: <key><end int64 BE><start int64 BE> (SessionWindowedSerde's layout). */
export function sessionEntryKey(key: Buffer, startMs: number, endMs: number): Buffer {
  const out = Buffer.alloc(key.length + 2 * LONG);
  key.copy(out);
  out.writeBigInt64BE(BigInt(endMs), key.length);
  out.writeBigInt64BE(BigInt(startMs), key.length + LONG);
  return out;
}

export function parseSessionEntryKey(bytes: Buffer): { key: Buffer; startMs: number; endMs: number } {
  const keyEnd = bytes.length - 2 * LONG;
  return {
    key: bytes.subarray(0, keyEnd),
    endMs: Number(bytes.readBigInt64BE(keyEnd)),
    startMs: Number(bytes.readBigInt64BE(keyEnd + LONG)),
  };
}

const sessionId = (startMs: number, endMs: number): string => `${startMs}:${endMs}`;

export class BytesSessionStore implements StateStore {
  private readonly sessions = new Map<string, Map<string, { startMs: number; endMs: number; value: Buffer }>>();
  private newestEndMs = Number.NEGATIVE_INFINITY;
  private open_ = false;

  constructor(
    readonly name: string,
    readonly retentionMs: number,
    private readonly mirror?: PersistentMirror,
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

  put(key: Buffer, startMs: number, endMs: number, value: Buffer | null): void {
    const entryKey = sessionEntryKey(key, startMs, endMs);
    if (this.apply(entryKey, value, true)) this.onChange?.(entryKey, value);
  }

  remove(key: Buffer, startMs: number, endMs: number): void {
    this.put(key, startMs, endMs, null);
  }

  restore(entryKey: Buffer, value: Buffer | null): void {
    this.apply(entryKey, value, true);
  }

  private apply(entryKey: Buffer, value: Buffer | null, mirror: boolean): boolean {
    const { key, startMs, endMs } = parseSessionEntryKey(entryKey);
    if (endMs < this.newestEndMs - this.retentionMs) return false;
    const k = bufferKey(key);
    let byId = this.sessions.get(k);
    if (value === null) {
      byId?.delete(sessionId(startMs, endMs));
      if (byId?.size === 0) this.sessions.delete(k);
    } else {
      if (byId === undefined) this.sessions.set(k, (byId = new Map()));
      byId.set(sessionId(startMs, endMs), { startMs, endMs, value });
    }
    if (mirror) this.mirror?.record(entryKey, value);
    if (endMs > this.newestEndMs) {
      this.newestEndMs = endMs;
      this.expire();
    }
    return true;
  }

  private expire(): void {
    const oldest = this.newestEndMs - this.retentionMs;
    for (const [k, byId] of this.sessions) {
      for (const [id, session] of byId) {
        if (session.endMs < oldest) {
          byId.delete(id);
          this.mirror?.record(sessionEntryKey(keyBuffer(k), session.startMs, session.endMs), null);
        }
      }
      if (byId.size === 0) this.sessions.delete(k);
    }
  }

  /** Sessions of `key` that end at or after `earliestEndMs` and start at or before `latestStartMs`, oldest first. */
  findSessions(key: Buffer, earliestEndMs: number, latestStartMs: number): SessionEntry[] {
    const byId = this.sessions.get(bufferKey(key));
    if (byId === undefined) return [];
    return [...byId.values()]
      .filter((s) => s.endMs >= earliestEndMs && s.startMs <= latestStartMs)
      .sort((a, b) => a.startMs - b.startMs)
      .map((s) => ({ key, ...s }));
  }

  fetchAll(): SessionEntry[] {
    const entries: SessionEntry[] = [];
    for (const k of [...this.sessions.keys()].sort()) {
      entries.push(...this.findSessions(keyBuffer(k), Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY));
    }
    return entries;
  }

  approximateNumEntries(): number {
    let n = 0;
    for (const byId of this.sessions.values()) n += byId.size;
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
