import { mkdir } from 'node:fs/promises';
import { ClassicLevel } from 'classic-level';
import type { BytesKeyValueStore, KeyValue } from '../../state/store.js';
import { bufferKey, inRange, keyBuffer } from './bytes.js';
import { StoreLockedError } from '../../errors/exceptions.js';

// On disk, user keys carry the prefix 0x01 and the store's own metadata 0x00, so any user key (the empty
// one included) is allowed and scans of user keys never meet metadata. The entry count is kept as metadata
// so approximateNumEntries() needs no scan.
const DATA = Buffer.from([0x01]);
const DATA_END = Buffer.from([0x02]);
const COUNT_KEY = Buffer.from([0x00, 0x63]);
const onDisk = (key: Buffer): Buffer => Buffer.concat([DATA, key]);

/**
 * A persistent byte-level key-value store on LevelDB (classic-level). Writes are buffered in memory and
 * reach disk in one atomic batch on flush() (once per commit); reads see the buffer first, then disk.
 */
export class LevelDbKeyValueStore implements BytesKeyValueStore {
  readonly persistent = true;
  private db: ClassicLevel<Buffer, Buffer> | undefined;
  private readonly pending = new Map<string, Buffer | null>();
  private count = 0;

  constructor(
    readonly name: string,
    readonly directory: string,
  ) {}

  async open(): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    const db = new ClassicLevel<Buffer, Buffer>(this.directory, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
    try {
      await db.open();
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (code === 'LEVEL_LOCKED') {
        throw new StoreLockedError(
          `state store "${this.name}" at ${this.directory} is locked by another process: two instances must not share a state directory`,
        );
      }
      throw error;
    }
    this.db = db;
    const stored = db.getSync(COUNT_KEY);
    this.count = stored === undefined ? 0 : Number(stored.readBigUInt64BE());
  }

  isOpen(): boolean {
    return this.db?.status === 'open';
  }

  private database(): ClassicLevel<Buffer, Buffer> {
    if (this.db === undefined || this.db.status !== 'open') throw new Error(`state store "${this.name}" is not open`);
    return this.db;
  }

  get(key: Buffer): Buffer | undefined {
    const pending = this.pending.get(bufferKey(key));
    if (pending !== undefined) return pending ?? undefined;
    return this.database().getSync(onDisk(key));
  }

  put(key: Buffer, value: Buffer | null): void {
    const existed = this.get(key) !== undefined;
    if (value === null && existed) this.count--;
    if (value !== null && !existed) this.count++;
    this.pending.set(bufferKey(key), value);
  }

  async *range(from?: Buffer, to?: Buffer): AsyncIterable<KeyValue<Buffer, Buffer>> {
    // Merge the on-disk entries with the pending writes, both in key order.
    const pending = [...this.pending.entries()]
      .map(([k, value]) => ({ key: keyBuffer(k), value }))
      .filter(({ key }) => inRange(key, from, to))
      .sort((a, b) => Buffer.compare(a.key, b.key));
    let next = 0;
    const options = { gte: from ? onDisk(from) : DATA, ...(to ? { lte: onDisk(to) } : { lt: DATA_END }) };
    for await (const [diskKey, value] of this.database().iterator(options)) {
      const key = diskKey.subarray(1);
      while (next < pending.length && Buffer.compare(pending[next]!.key, key) < 0) {
        const p = pending[next++]!;
        if (p.value !== null) yield { key: p.key, value: p.value };
      }
      if (next < pending.length && Buffer.compare(pending[next]!.key, key) === 0) {
        const p = pending[next++]!;
        if (p.value !== null) yield { key: p.key, value: p.value };
        continue;
      }
      yield { key, value };
    }
    for (; next < pending.length; next++) {
      const p = pending[next]!;
      if (p.value !== null) yield { key: p.key, value: p.value };
    }
  }

  approximateNumEntries(): number {
    return this.count;
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const countBytes = Buffer.alloc(8);
    countBytes.writeBigUInt64BE(BigInt(Math.max(0, this.count)));
    const written = [...this.pending.entries()];
    const operations = written.map(([k, value]) =>
      value === null
        ? { type: 'del' as const, key: onDisk(keyBuffer(k)) }
        : { type: 'put' as const, key: onDisk(keyBuffer(k)), value },
    );
    await this.database().batch([...operations, { type: 'put', key: COUNT_KEY, value: countBytes }]);
    forgetWritten(this.pending, written);
  }

  async close(): Promise<void> {
    if (this.db === undefined) return;
    if (this.db.status === 'open') {
      await this.flush();
      await this.db.close();
    }
    this.db = undefined;
  }
}

/** Drops the entries a flush wrote, but keeps any rewritten while the flush was in progress. */
export function forgetWritten(
  pending: Map<string, Buffer | null>,
  written: ReadonlyArray<[string, Buffer | null]>,
): void {
  for (const [k, value] of written) if (pending.get(k) === value) pending.delete(k);
}
