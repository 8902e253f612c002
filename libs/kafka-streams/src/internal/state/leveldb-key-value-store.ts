import { mkdir } from 'node:fs/promises';
import { ClassicLevel } from 'classic-level';
import type { BytesKeyValueStore, KeyValue } from '../../state/store.js';
import { bufferKey, inRange, keyBuffer } from './bytes.js';
import { StoreLockedError } from '../../errors/exceptions.js';

// On disk, user keys carry the prefix 0x01 and the store's own metadata 0x00, so any user key (the empty
// one included) is allowed and scans of user keys never meet metadata. The entry count is kept as metadata
// so approximateNumEntries() needs no scan. Only a key's first write since the last flush reads whether it is on disk
// (one getSync per key and commit, not per write); each flush also makes the count exact with one hasMany.
const DATA = Buffer.from([0x01]);
const DATA_END = Buffer.from([0x02]);
const COUNT_KEY = Buffer.from([0x00, 0x63]);
const onDisk = (key: Buffer): Buffer => Buffer.concat([DATA, key]);
/** The on-disk key of a pending write's map key (latin1, see bytes.ts): one allocation. */
const onDiskOf = (k: string): Buffer => Buffer.from(`\x01${k}`, 'latin1');

/**
 * A persistent byte-level key-value store on LevelDB (classic-level). Writes are buffered in memory and
 * reach disk in one atomic batch on flush() (once per commit); reads see the buffer first, then disk.
 */
export class LevelDbKeyValueStore implements BytesKeyValueStore {
  readonly persistent = true;
  private db: ClassicLevel<Buffer, Buffer> | undefined;
  private readonly pending = new Map<string, Buffer | null>();
  /** Per pending key, whether it was on disk when first written since the last flush. */
  private readonly assumedOnDisk = new Map<string, boolean>();
  /** The entries on disk as of the last flush. */
  private count = 0;
  /** The pending writes' estimated change to the count. */
  private pendingDelta = 0;
  /** Writes so far: a flush that saw none while it waited forgets its writes wholesale. */
  private writes = 0;

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
    this.write(key, value, true);
  }

  /**
   * Applies a changelog record during restore: a put that does not look the key up on disk. A restore writes
   * many keys once each, and those synchronous reads (2,000 per applied chunk) blocked the event loop for hundreds
   * of milliseconds; the key counts as new until the next flush makes the count exact.
   */
  restore(key: Buffer, value: Buffer | null): void {
    this.write(key, value, false);
  }

  private write(key: Buffer, value: Buffer | null, lookUp: boolean): void {
    const k = bufferKey(key);
    let existed = this.assumedOnDisk.get(k);
    if (existed === undefined) {
      // The first write of a key since the last flush looks it up once (not every write), so the count that
      // approximateNumEntries() reports between commits is exact, not an estimate that grows with every update.
      existed = lookUp && this.database().getSync(onDisk(key)) !== undefined;
      this.assumedOnDisk.set(k, existed);
    }
    this.writes++;
    const previous = this.pending.get(k);
    const before = previous === undefined ? 0 : contribution(previous, existed);
    this.pendingDelta += contribution(value, existed) - before;
    this.pending.set(k, value);
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
    return Math.max(0, this.count + this.pendingDelta);
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const writesBefore = this.writes;
    const written = [...this.pending.entries()];
    const diskKeys = written.map(([k]) => onDiskOf(k));
    const db = this.database();
    const existed = await db.hasMany(diskKeys);
    let count = this.count;
    written.forEach(([, value], i) => (count += contribution(value, existed[i] === true)));
    const countBytes = Buffer.alloc(8);
    countBytes.writeBigUInt64BE(BigInt(Math.max(0, count)));
    // A chained batch: half the main thread's CPU of an array of operations (which classic-level reads back property
    // by property), ~0.5 µs a write.
    const batch = db.batch();
    try {
      written.forEach(([, value], i) => (value === null ? batch.del(diskKeys[i]!) : batch.put(diskKeys[i]!, value)));
      batch.put(COUNT_KEY, countBytes);
    } catch (error) {
      await batch.close();
      throw error;
    }
    await batch.write();
    this.count = count;
    if (this.writes === writesBefore) {
      this.pending.clear();
      this.assumedOnDisk.clear();
      this.pendingDelta = 0;
    } else {
      this.forgetWritten(written);
    }
  }

  /** Drops the entries a flush wrote, but keeps any rewritten while the flush was in progress. */
  private forgetWritten(written: ReadonlyArray<[string, Buffer | null]>): void {
    for (const [k, value] of written) {
      if (this.pending.get(k) === value) {
        this.pending.delete(k);
        this.assumedOnDisk.delete(k);
      } else {
        this.assumedOnDisk.set(k, value !== null);
      }
    }
    this.pendingDelta = 0;
    for (const [k, value] of this.pending) this.pendingDelta += contribution(value, this.assumedOnDisk.get(k)!);
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

/** What a pending write adds to the count, given whether its key is assumed on disk. */
const contribution = (value: Buffer | null, onDisk: boolean): number => (value === null ? 0 : 1) - (onDisk ? 1 : 0);
