// Window and session stores are read by processors synchronously and scanned by time range, which LevelDB
// only offers asynchronously. So they keep their entries in memory (bounded by retention) and, when
// persistent, mirror them to LevelDB: loaded on open, written in one batch per flush.
import { mkdir } from 'node:fs/promises';
import { ClassicLevel } from 'classic-level';
import { StoreLockedError } from '../../errors/exceptions.js';
import { forgetWritten } from './leveldb-key-value-store.js';
import { bufferKey, keyBuffer } from './bytes.js';

export interface PersistentMirror {
  open(): Promise<Array<[Buffer, Buffer]>>;
  record(key: Buffer, value: Buffer | null): void;
  flush(): Promise<void>;
  close(): Promise<void>;
  isOpen(): boolean;
}

export class LevelDbMirror implements PersistentMirror {
  private db: ClassicLevel<Buffer, Buffer> | undefined;
  private readonly pending = new Map<string, Buffer | null>();

  constructor(
    private readonly storeName: string,
    private readonly directory: string,
  ) {}

  async open(): Promise<Array<[Buffer, Buffer]>> {
    await mkdir(this.directory, { recursive: true });
    const db = new ClassicLevel<Buffer, Buffer>(this.directory, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
    try {
      await db.open();
    } catch (error) {
      if ((error as { cause?: { code?: string } }).cause?.code === 'LEVEL_LOCKED') {
        throw new StoreLockedError(
          `state store "${this.storeName}" at ${this.directory} is locked by another process: two instances must not share a state directory`,
        );
      }
      throw error;
    }
    this.db = db;
    const entries: Array<[Buffer, Buffer]> = [];
    for await (const entry of db.iterator()) entries.push(entry);
    return entries;
  }

  record(key: Buffer, value: Buffer | null): void {
    this.pending.set(bufferKey(key), value);
  }

  async flush(): Promise<void> {
    if (this.db === undefined || this.pending.size === 0) return;
    const written = [...this.pending];
    await this.db.batch(
      written.map(([k, value]) =>
        value === null
          ? { type: 'del' as const, key: keyBuffer(k) }
          : { type: 'put' as const, key: keyBuffer(k), value },
      ),
    );
    forgetWritten(this.pending, written);
  }

  async close(): Promise<void> {
    if (this.db === undefined) return;
    await this.flush();
    await this.db.close();
    this.db = undefined;
  }

  isOpen(): boolean {
    return this.db?.status === 'open';
  }
}
