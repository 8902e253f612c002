// The byte-level versioned store (Java: RocksDBVersionedStore), on the segment tables of the window and session
// stores. Two spaces:
//   latest   one table (segment 0) with each key's latest version: (key, time = its timestamp, value)
//   history  segments by validTo, as in Java: every older version as (key, time = validTo, time2 = validFrom,
//            value), so a whole segment expires once its validTo range is older than the history retention
// Values carry a leading flag byte: 1 and the value bytes, or 0 for a tombstone. As in Java, a tombstone is never a
// latest version: it ends the version before it (its validTo), and is kept as a history entry of its own only when
// it splits a version or precedes a later one, or (from and to its own time) when the key has nothing before it.
// The observed stream time is recovered on reopening from the newest time of either table.
import type { StateStore } from '../../state/store.js';
import { PUT_RETURN_CODE_NOT_PUT, PUT_RETURN_CODE_VALID_TO_UNDEFINED } from '../../state/versioned-store.js';
import type { SegmentSpace, SegmentTable, TimedEntry } from './segment-table.js';
import { SegmentedStore } from './segmented-store.js';

const LATEST_SEGMENT = 0;
const NO_TIME2 = 0;
const TOMBSTONE = Buffer.from([0]);
const EARLIEST = Number.MIN_SAFE_INTEGER;
const LATEST = Number.MAX_SAFE_INTEGER;

export interface BytesVersion {
  readonly value: Buffer;
  readonly timestamp: number;
  readonly validTo: number | undefined;
}

const encode = (value: Buffer | null): Buffer =>
  value === null ? TOMBSTONE : Buffer.concat([Buffer.from([1]), value]);
const decode = (stored: Buffer): Buffer | null => (stored[0] === 0 ? null : stored.subarray(1));

export class BytesVersionedStore implements StateStore {
  private latestTable: SegmentTable | undefined;
  private readonly history: SegmentedStore;
  private observedStreamTime = Number.NEGATIVE_INFINITY;
  private open_ = false;

  constructor(
    readonly name: string,
    readonly historyRetentionMs: number,
    segmentIntervalMs: number,
    private readonly latestSpace: SegmentSpace,
    historySpace: SegmentSpace,
  ) {
    this.history = new SegmentedStore(name, historyRetentionMs, historySpace, segmentIntervalMs);
  }

  get persistent(): boolean {
    return this.latestSpace.persistent;
  }

  async open(): Promise<void> {
    if (this.open_) return;
    if (!this.latestSpace.persistent) {
      // In memory: usable at once (the test driver does not wait for open).
      this.latestTable ??= this.latestSpace.create(LATEST_SEGMENT);
      this.open_ = true;
      return;
    }
    const tables = await this.latestSpace.open();
    this.latestTable = tables.get(LATEST_SEGMENT) ?? this.latestSpace.create(LATEST_SEGMENT);
    await this.history.open(() => {
      throw new Error(`versioned store ${this.name}: no older on-disk format to import`);
    });
    // The newest put made a latest version, or ended one (a tombstone): its time is in one of the two tables.
    this.observedStreamTime = Math.max(
      this.latestTable.newestTime() ?? Number.NEGATIVE_INFINITY,
      this.history.newestTime(),
    );
    this.open_ = true;
  }

  isOpen(): boolean {
    return this.open_;
  }

  private get latest(): SegmentTable {
    if (this.latestTable === undefined) throw new Error(`versioned store ${this.name} is not open`);
    return this.latestTable;
  }

  private latestOf(key: Buffer): TimedEntry | undefined {
    const rows = this.latest.scanKey(key, EARLIEST, LATEST);
    try {
      const row = rows.next();
      return row.done === true ? undefined : row.value;
    } finally {
      rows.return?.();
    }
  }

  /** The oldest history version of `key` still valid after `timestamp` (its validTo > timestamp). */
  private historyAfter(key: Buffer, timestamp: number): TimedEntry | undefined {
    const rows = this.history.fetchKey(key, timestamp + 1, LATEST);
    try {
      const row = rows.next();
      return row.done === true ? undefined : row.value;
    } finally {
      rows.close();
    }
  }

  /** Puts and as-of reads older than this are past the history retention. */
  get oldestRetainedMs(): number {
    return this.observedStreamTime - this.historyRetentionMs;
  }

  get(key: Buffer): BytesVersion | undefined {
    const latest = this.latestOf(key);
    const value = latest && decode(latest.value);
    return latest && value ? { value, timestamp: latest.time, validTo: undefined } : undefined;
  }

  getAsOf(key: Buffer, asOfTimestamp: number): BytesVersion | undefined {
    const latest = this.latestOf(key);
    if (latest !== undefined && latest.time <= asOfTimestamp) {
      const value = decode(latest.value);
      return value ? { value, timestamp: latest.time, validTo: undefined } : undefined;
    }
    // As Java: older than the history retention, only the latest version may answer.
    if (asOfTimestamp < this.oldestRetainedMs) return undefined;
    const version = this.historyAfter(key, asOfTimestamp);
    if (version === undefined || version.time2 > asOfTimestamp) return undefined;
    const value = decode(version.value);
    return value ? { value, timestamp: version.time2, validTo: version.time } : undefined;
  }

  /** Java's put: the new version's validTo, PUT_RETURN_CODE_VALID_TO_UNDEFINED, or PUT_RETURN_CODE_NOT_PUT. */
  put(key: Buffer, value: Buffer | null, timestamp: number): number {
    if (timestamp < this.oldestRetainedMs) return PUT_RETURN_CODE_NOT_PUT;
    this.observedStreamTime = Math.max(this.observedStreamTime, timestamp);
    const latest = this.latestOf(key);
    if (latest !== undefined && latest.time <= timestamp) {
      if (latest.time < timestamp) this.history.put(key, timestamp, latest.time, latest.value);
      this.latest.delete(key, latest.time, NO_TIME2);
      // As Java: a tombstone is no latest version; its time is the end of the one it replaced (or nothing when it
      // replaces a version of its own timestamp).
      if (value !== null) this.latest.put(key, timestamp, NO_TIME2, encode(value));
      return PUT_RETURN_CODE_VALID_TO_UNDEFINED;
    }
    const containing = this.historyAfter(key, timestamp);
    if (containing !== undefined && containing.time2 <= timestamp) {
      if (containing.time2 < timestamp) {
        // Splits the version valid at `timestamp`: it now ends there.
        this.history.put(key, containing.time, containing.time2, null);
        this.history.put(key, timestamp, containing.time2, containing.value);
      }
      this.history.put(key, containing.time, timestamp, encode(value));
      return containing.time;
    }
    const next = containing?.time2 ?? latest?.time;
    if (next !== undefined) {
      // Before every later version of the key: valid until the next one.
      this.history.put(key, next, timestamp, encode(value));
      return next;
    }
    // Nothing later: the latest version, or (Java's "degenerate" entry) a tombstone valid from and to its time.
    if (value !== null) this.latest.put(key, timestamp, NO_TIME2, encode(value));
    else this.history.put(key, timestamp, timestamp, TOMBSTONE);
    return PUT_RETURN_CODE_VALID_TO_UNDEFINED;
  }

  approximateNumEntries(): number {
    return this.latest.size;
  }

  async flush(): Promise<void> {
    this.latest.flush();
    await this.history.flush();
  }

  async close(): Promise<void> {
    if (!this.open_) return;
    await this.history.close();
    if (this.latestSpace.persistent) {
      this.latestTable?.close();
      this.latestTable = undefined;
      await this.latestSpace.close();
    }
    this.open_ = false;
  }
}
