// The grace-period buffer of a stream-table join (Java: RocksDBTimeOrderedKeyValueBuffer, KIP-914): stream records
// wait, ordered by (timestamp, key bytes, sequence number) as Java's time-first keys, until the buffer's stream time
// (the newest timestamp put) has passed theirs by the grace period. Held in memory as a window store of
// (key bytes ‖ sequence number, timestamp) and logged to `<applicationId>-<name>-changelog` (compacted, deleted
// after its retention), restored in full like the suppress buffer.
import type { StateStore } from '../../../state/store.js';
import type { BuiltStore, StoreBuilder, StoreContext } from '../../../state/stores.js';
import { BytesWindowStore } from '../../state/window-store.js';

const SEQUENCE_BYTES = 4;
const UNBOUNDED_RETENTION_MS = 2 ** 52;

export interface BufferedRecord {
  readonly key: Buffer;
  readonly value: Buffer;
  readonly timestamp: number;
}

export class JoinGraceBuffer implements StateStore {
  readonly persistent = false;
  private readonly entries: BytesWindowStore;
  private streamTime = Number.NEGATIVE_INFINITY;
  private sequence = 0;

  constructor(
    readonly name: string,
    private readonly gracePeriodMs: number,
    changelog: StoreContext['changelog'] | undefined,
  ) {
    // No retention of its own: a record stays until evicted, however far one record moves stream time.
    const send = changelog && ((k: Buffer, v: Buffer | null) => changelog.send(k, v));
    this.entries = new BytesWindowStore(name, UNBOUNDED_RETENTION_MS, undefined, send);
  }

  /** False when the record is already later than the grace period (Java's put refusal): join it at once. */
  put(record: BufferedRecord): boolean {
    if (record.timestamp < this.streamTime - this.gracePeriodMs) return false;
    this.sequence = (this.sequence + 1) & 0x7fffffff;
    const entryKey = Buffer.alloc(record.key.length + SEQUENCE_BYTES);
    record.key.copy(entryKey);
    entryKey.writeInt32BE(this.sequence, record.key.length);
    this.entries.put(entryKey, record.timestamp, record.value);
    this.streamTime = Math.max(this.streamTime, record.timestamp);
    return true;
  }

  /** Removes and hands over, oldest first, every record whose timestamp is at most stream time - grace. */
  evictExpired(emit: (record: BufferedRecord) => void): void {
    const due = [...this.entries.iterateByTime(Number.NEGATIVE_INFINITY, this.streamTime - this.gracePeriodMs)];
    for (const { key, startMs, value } of due) {
      this.entries.put(key, startMs, null);
      emit({ key: key.subarray(0, key.length - SEQUENCE_BYTES), value, timestamp: startMs });
    }
  }

  /** Applies a changelog record (`<key><sequence int32><timestamp int64>`): what was buffered before a restart. */
  restore(entryKey: Buffer, value: Buffer | null): void {
    this.entries.restore(entryKey, value);
    if (value === null) return;
    const timestampAt = entryKey.length - 8;
    this.streamTime = Math.max(this.streamTime, Number(entryKey.readBigInt64BE(timestampAt)));
    // New records must not reuse a restored record's sequence number (same key and time would overwrite it).
    this.sequence = Math.max(this.sequence, entryKey.readInt32BE(timestampAt - SEQUENCE_BYTES));
  }

  open(): Promise<void> {
    return this.entries.open();
  }
  isOpen(): boolean {
    return this.entries.isOpen();
  }
  flush(): Promise<void> {
    return this.entries.flush();
  }
  close(): Promise<void> {
    return this.entries.close();
  }
  approximateNumEntries(): number {
    return this.entries.approximateNumEntries();
  }
}

export function joinGraceBufferBuilder(
  name: string,
  gracePeriodMs: number,
  loggingEnabled = true,
): StoreBuilder<JoinGraceBuffer> {
  return {
    name,
    kind: 'window',
    queryable: false,
    persistent: false,
    loggingEnabled,
    changelogConfig: { 'cleanup.policy': 'compact,delete', 'retention.ms': String(gracePeriodMs + 24 * 3_600_000) },
    withLoggingDisabled: () => joinGraceBufferBuilder(name, gracePeriodMs, false),
    withInMemory: () => joinGraceBufferBuilder(name, gracePeriodMs, loggingEnabled),
    // As in Java, the stream records waiting for their grace period are never cached.
    cachingEnabled: false,
    withCachingEnabled: () => joinGraceBufferBuilder(name, gracePeriodMs, loggingEnabled),
    withCachingDisabled: () => joinGraceBufferBuilder(name, gracePeriodMs, loggingEnabled),
    build: (context: StoreContext): BuiltStore<JoinGraceBuffer> => {
      const store = new JoinGraceBuffer(name, gracePeriodMs, loggingEnabled ? context.changelog : undefined);
      return { store, restore: (key, value) => store.restore(key, value) };
    },
  };
}
