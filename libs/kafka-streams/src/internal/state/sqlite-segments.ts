// Disk segments: one SQLite database per segment (node:sqlite, built into Node), as Kafka Streams keeps one
// RocksDB per segment. SQLite because processors read window and session stores synchronously, range scans
// included, and classic-level reads LevelDB ranges only asynchronously (its only synchronous read is getSync
// of one key). A segment is a table ordered by (key, time, time2) with an index by (time, key, time2), so a
// key's windows and a time range across keys are each one range read. Writes go into a transaction that a
// flush commits; dropping a segment deletes its file. Restores may bulk-load: see beginBulkLoad.
import { mkdir, open, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync, type SQLOutputValue, type StatementSync } from 'node:sqlite';
import { StoreLockedError } from '../../errors/exceptions.js';
import { readLegacyMirror, removeLegacyMirror } from './legacy-leveldb-mirror.js';
import type { SegmentSpace, SegmentTable, TimedEntry } from './segment-table.js';

const SEGMENT_FILE = /^segment-(-?\d+)\.db$/;
const segmentFile = (id: number): string => `segment-${id}.db`;
const LOCK_FILE = 'lock.db';
const SQLITE_BUSY = 5;
/**
 * Writes after which a segment commits on its own, before the next flush: a commit's synchronous work grows
 * with the transaction, and restores write many records between flushes. Committing early is safe: a store may
 * be ahead of its checkpoint (the changelog replays idempotent puts) and exactly-once deletes the checkpoint
 * while it processes.
 */
const WRITES_PER_TRANSACTION = 4_096;

/**
 * Bulk loading (restores, as Kafka Streams bulk-loads RocksDB): no fsync, so neither a commit nor a WAL checkpoint
 * waits for the disk inside the event loop, and the rollback journal in memory instead of the WAL: a commit writes
 * each page it changed once, into the database file, where the WAL took it and a checkpoint then copied it again (a
 * restore changes about one page per record, so it checkpointed at nearly every flush). That took a commit of 2,000
 * restored records from ~10 ms of CPU to ~1-2 ms. A crash of the machine or the process meanwhile may leave the
 * segment corrupt: the runtime marks the task directory while it bulk-loads and wipes a task it finds marked
 * (task-state.ts). Commits stay as frequent: larger transactions wrote fewer pages but blocked the event loop for up
 * to ~45 ms of CPU each. (node:sqlite refuses journal_mode = OFF.)
 */
const BULK_LOAD_PRAGMAS = 'PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY';
/** WAL mode: an fsync at each WAL checkpoint, none per commit. */
const NORMAL_PRAGMAS = 'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL';

/** Waits until the file's data is on disk (a directory: its entries), off the event loop; a missing one is fine. */
async function syncToDisk(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    await handle.datasync();
  } finally {
    // Closing another descriptor of a database file drops SQLite's POSIX lock on it: the store's exclusion between
    // processes rests on lock.db, which is never opened this way.
    await handle.close();
  }
}

const asBuffer = (bytes: SQLOutputValue): Buffer => {
  const array = bytes as Uint8Array;
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
};

const entryOf = ([k, t, t2, v]: SQLOutputValue[]): TimedEntry => ({
  key: asBuffer(k!),
  time: Number(t),
  time2: Number(t2),
  value: asBuffer(v!),
});

function openDatabase(path: string, storeName: string): DatabaseSync {
  const db = new DatabaseSync(path, { timeout: 0 });
  try {
    // Exclusive locking: one process per file, and WAL without shared memory.
    db.exec(`PRAGMA locking_mode = EXCLUSIVE; ${NORMAL_PRAGMAS}`);
    db.exec('BEGIN IMMEDIATE');
  } catch (error) {
    db.close();
    if ((error as { errcode?: number }).errcode === SQLITE_BUSY) {
      throw new StoreLockedError(
        `state store "${storeName}" at ${path} is locked by another process: two instances must not share a state directory`,
      );
    }
    throw error;
  }
  return db;
}

class SqliteSegment implements SegmentTable {
  private readonly getStatement: StatementSync;
  private readonly insertStatement: StatementSync;
  private readonly updateStatement: StatementSync;
  private readonly deleteStatement: StatementSync;
  private readonly countStatement: StatementSync;
  private readonly keyScanStatement: StatementSync;
  private readonly scans = new Map<string, StatementSync[]>();
  private count: number;
  private uncommittedWrites = 0;
  private bulkLoading = false;

  constructor(
    private readonly db: DatabaseSync,
    private readonly path: string,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS entries (
        k BLOB NOT NULL, t INTEGER NOT NULL, t2 INTEGER NOT NULL, v BLOB NOT NULL, PRIMARY KEY (k, t, t2)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS entries_by_time ON entries (t, k, t2);
      CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;`);
    this.getStatement = this.prepare('SELECT v FROM entries WHERE k = ? AND t = ? AND t2 = ?');
    this.insertStatement = this.prepare('INSERT INTO entries (k, t, t2, v) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING');
    this.updateStatement = this.prepare('UPDATE entries SET v = ? WHERE k = ? AND t = ? AND t2 = ?');
    this.deleteStatement = this.prepare('DELETE FROM entries WHERE k = ? AND t = ? AND t2 = ?');
    this.keyScanStatement = this.prepare(
      'SELECT k, t, t2, v FROM entries WHERE k = ? AND t >= ? AND t <= ? ORDER BY t, t2',
    );
    this.countStatement = this.prepare(
      "INSERT INTO meta (name, value) VALUES ('count', ?) ON CONFLICT DO UPDATE SET value = excluded.value",
    );
    const stored = this.prepare("SELECT value FROM meta WHERE name = 'count'").get() as SQLOutputValue[] | undefined;
    this.count = stored === undefined ? 0 : Number(stored[0]);
  }

  private prepare(sql: string): StatementSync {
    const statement = this.db.prepare(sql);
    statement.setReturnArrays(true);
    return statement;
  }

  get size(): number {
    return this.count;
  }

  get(key: Buffer, time: number, time2: number): Buffer | undefined {
    const row = this.getStatement.get(key, time, time2) as SQLOutputValue[] | undefined;
    return row === undefined ? undefined : asBuffer(row[0]!);
  }

  put(key: Buffer, time: number, time2: number, value: Buffer): void {
    if (this.insertStatement.run(key, time, time2, value).changes === 0) {
      this.updateStatement.run(value, key, time, time2);
    } else {
      this.count++;
    }
    this.written();
  }

  delete(key: Buffer, time: number, time2: number): void {
    if (this.deleteStatement.run(key, time, time2).changes !== 0) this.count--;
    this.written();
  }

  private written(): void {
    if (++this.uncommittedWrites >= WRITES_PER_TRANSACTION) this.flush();
  }

  /** One key's entries are few: read at once (cheaper per row in node:sqlite than a cursor). */
  scanKey(key: Buffer, fromMs: number, toMs: number): Iterator<TimedEntry, undefined> {
    const rows = this.keyScanStatement.all(key, ...clampAll([fromMs, toMs])) as unknown as SQLOutputValue[][];
    return rows.map(entryOf).values();
  }

  scanTime(fromMs: number, toMs: number): Iterator<TimedEntry, undefined> {
    return this.scan(
      'SELECT k, t, t2, v FROM entries INDEXED BY entries_by_time WHERE t >= ? AND t <= ? ORDER BY t, k, t2',
      fromMs,
      toMs,
    );
  }

  scanKeys(fromMs: number, toMs: number): Iterator<TimedEntry, undefined> {
    return this.scan('SELECT k, t, t2, v FROM entries WHERE t >= ? AND t <= ? ORDER BY k, t, t2', fromMs, toMs);
  }

  /** A statement iterates one scan at a time, so nested scans of one kind each take a statement of their own. */
  private *scan(sql: string, ...parameters: Array<Buffer | number>): Generator<TimedEntry, undefined, undefined> {
    const idle = this.scans.get(sql) ?? [];
    this.scans.set(sql, idle);
    const statement = idle.pop() ?? this.prepare(sql);
    const rows = statement.iterate(...clampAll(parameters)) as Iterator<SQLOutputValue[], undefined>;
    let exhausted = false;
    try {
      for (let row = rows.next(); row.done !== true; row = rows.next()) yield entryOf(row.value);
      exhausted = true;
    } finally {
      if (!exhausted) rows.return?.(); // resets the statement; costly, so only when left early
      idle.push(statement);
    }
    return undefined;
  }

  newestTime(): number | undefined {
    const row = this.prepare('SELECT max(t) FROM entries').get() as SQLOutputValue[] | undefined;
    return row?.[0] === null || row?.[0] === undefined ? undefined : Number(row[0]);
  }

  flush(): void {
    if (this.uncommittedWrites === 0) return; // nothing to commit (a store's older segments, mostly)
    this.commit();
    this.db.exec('BEGIN IMMEDIATE');
  }

  private commit(): void {
    if (this.uncommittedWrites > 0) this.countStatement.run(this.count);
    this.db.exec('COMMIT');
    this.uncommittedWrites = 0;
  }

  /** Commits what bulk loading wrote before the setting changes. */
  private reconfigure(pragmas: string): void {
    this.commit();
    this.db.exec(pragmas);
    this.db.exec('BEGIN IMMEDIATE');
  }

  beginBulkLoad(): void {
    if (this.bulkLoading || !this.db.isOpen) return;
    this.reconfigure(BULK_LOAD_PRAGMAS);
    this.bulkLoading = true;
  }

  async endBulkLoad(): Promise<void> {
    if (!this.bulkLoading || !this.db.isOpen) return;
    this.reconfigure(NORMAL_PRAGMAS);
    this.bulkLoading = false;
    // What the commits wrote without fsync (into the database file, or the WAL had SQLite kept it): on disk, off the
    // event loop.
    await syncToDisk(`${this.path}-wal`);
    await syncToDisk(this.path);
  }

  close(): void {
    if (!this.db.isOpen) return;
    this.commit();
    this.db.close();
  }

  discard(): void {
    if (!this.db.isOpen) return;
    // Its file is deleted next: nothing to keep, nothing to wait for (closing in WAL mode checkpoints).
    this.db.exec('ROLLBACK; PRAGMA synchronous = OFF');
    this.db.close();
  }
}

// SQLite binds integers up to 2^63; the unbounded scans of the stores pass infinities.
const clampAll = (parameters: Array<Buffer | number>): Array<Buffer | number> =>
  parameters.map((p) =>
    typeof p === 'number' ? Math.min(Math.max(p, Number.MIN_SAFE_INTEGER), Number.MAX_SAFE_INTEGER) : p,
  );

export class SqliteSegmentSpace implements SegmentSpace {
  readonly persistent = true;
  private lock: DatabaseSync | undefined;
  private bulkLoading = false;

  constructor(
    private readonly storeName: string,
    private readonly directory: string,
  ) {}

  async open(): Promise<Map<number, SegmentTable>> {
    await mkdir(this.directory, { recursive: true });
    // Held until close: a second process opening the store fails here, before it touches a segment.
    this.lock = openDatabase(join(this.directory, LOCK_FILE), this.storeName);
    const segments = new Map<number, SegmentTable>();
    for (const file of await readdir(this.directory)) {
      const match = SEGMENT_FILE.exec(file);
      if (match === null) continue;
      const id = Number(match[1]);
      segments.set(id, this.openSegment(id));
      await yieldToEventLoop();
    }
    return segments;
  }

  create(id: number): SegmentTable {
    return this.openSegment(id);
  }

  private openSegment(id: number): SegmentTable {
    const path = join(this.directory, segmentFile(id));
    const segment = new SqliteSegment(openDatabase(path, this.storeName), path);
    if (this.bulkLoading) segment.beginBulkLoad();
    return segment;
  }

  beginBulkLoad(): void {
    this.bulkLoading = true;
  }

  async endBulkLoad(): Promise<void> {
    if (!this.bulkLoading) return;
    this.bulkLoading = false;
    await syncToDisk(this.directory); // the segment files created meanwhile
  }

  legacyEntries(): AsyncIterable<[Buffer, Buffer]> {
    return readLegacyMirror(this.directory);
  }

  removeLegacy(): Promise<void> {
    return removeLegacyMirror(this.directory);
  }

  async drop(id: number, table: SegmentTable): Promise<void> {
    // Segments expiring together each close in a turn of their own.
    await yieldToEventLoop();
    table.discard();
    const file = join(this.directory, segmentFile(id));
    await Promise.all([file, `${file}-wal`, `${file}-journal`].map((path) => rm(path, { force: true })));
  }

  async close(): Promise<void> {
    if (this.lock?.isOpen === true) {
      this.lock.exec('COMMIT');
      this.lock.close();
    }
    this.lock = undefined;
  }
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
