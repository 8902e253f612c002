// The suppress buffer (Java: InMemoryTimeOrderedKeyValueChangeBuffer): the latest update per key, in memory, ordered
// by buffer time (a window's end), then by the key's bytes, so eviction takes the expired entries only, O(log n)
// each: a min-heap of (time, key), whose stale items (a key re-buffered or evicted since) are skipped when popped.
// Durable through a compacted changelog of its own: each put writes the entry, each eviction a tombstone; a task
// restores the buffer from it before processing, so updates buffered before a crash are emitted after it, once.
//
// Changelog value: time (int64), record timestamp (int64), value length (int32, -1 for null), value bytes.
import type { StateStore } from '../../../state/store.js';
import type { BuiltStore, StoreBuilder, StoreContext } from '../../../state/stores.js';
import type { ChangelogSink } from '../../state/changelog.js';

export interface BufferedRecord {
  readonly key: Buffer;
  readonly value: Buffer | null;
  /** Buffer time: when the record may be emitted (its window's end). */
  readonly time: number;
  readonly timestamp: number;
}

interface HeapItem {
  readonly time: number;
  readonly id: string;
}

const HEADER_BYTES = 8 + 8 + 4;

export class SuppressionBuffer implements StateStore {
  readonly persistent = false;
  private readonly entries = new Map<string, BufferedRecord>();
  private heap: HeapItem[] = [];
  private bytes = 0;
  private opened = false;

  constructor(
    readonly name: string,
    private readonly changelog: ChangelogSink,
  ) {}

  /** Buffers `record` (replacing the key's previous update) and logs it. */
  put(record: BufferedRecord): void {
    this.insert(record);
    this.changelog.send(record.key, encode(record));
  }

  /** The buffer time of the key's buffered update, if it has one. */
  timeOf(key: Buffer): number | undefined {
    return this.entries.get(key.toString('hex'))?.time;
  }

  /** The earliest buffer time, or undefined when empty. */
  minTime(): number | undefined {
    return this.peek()?.time;
  }

  /** Removes and returns the earliest entry (by time, then key bytes), logging its removal. */
  evictOldest(): BufferedRecord | undefined {
    const item = this.peek();
    if (!item) return undefined;
    this.popHeap();
    const record = this.entries.get(item.id)!;
    this.remove(item.id, record);
    this.changelog.send(record.key, null);
    return record;
  }

  numRecords(): number {
    return this.entries.size;
  }

  /** Bytes the buffered keys and values take (what BufferConfig.maxBytes bounds). */
  sizeInBytes(): number {
    return this.bytes;
  }

  approximateNumEntries(): number {
    return this.entries.size;
  }

  /** Applies a changelog record during restore. */
  restore(key: Buffer, value: Buffer | null): void {
    const id = key.toString('hex');
    if (value === null) {
      const previous = this.entries.get(id);
      if (previous) this.remove(id, previous);
      return;
    }
    this.insert(decode(key, value));
  }

  async open(): Promise<void> {
    this.opened = true;
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {
    this.opened = false;
    this.entries.clear();
    this.heap = [];
    this.bytes = 0;
  }

  isOpen(): boolean {
    return this.opened;
  }

  private insert(record: BufferedRecord): void {
    const id = record.key.toString('hex');
    const previous = this.entries.get(id);
    if (previous) this.bytes -= sizeOf(previous);
    this.entries.set(id, record);
    this.bytes += sizeOf(record);
    if (!previous || previous.time !== record.time) this.pushHeap({ time: record.time, id });
  }

  private remove(id: string, record: BufferedRecord): void {
    this.entries.delete(id);
    this.bytes -= sizeOf(record);
  }

  /** The heap's top, after dropping items no entry matches any more. */
  private peek(): HeapItem | undefined {
    for (;;) {
      const top = this.heap[0];
      if (!top) return undefined;
      if (this.entries.get(top.id)?.time === top.time) return top;
      this.popHeap();
    }
  }

  private pushHeap(item: HeapItem): void {
    const heap = this.heap;
    heap.push(item);
    for (let i = heap.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private popHeap(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    for (let i = 0; ;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === i) return;
      [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
      i = smallest;
    }
  }
}

/** Time first, then the key's bytes (their hex sorts as the bytes do): Java's buffer order. */
const before = (a: HeapItem, b: HeapItem): boolean => a.time < b.time || (a.time === b.time && a.id < b.id);

const sizeOf = (record: BufferedRecord): number => record.key.length + (record.value?.length ?? 0) + HEADER_BYTES;

function encode(record: BufferedRecord): Buffer {
  const value = record.value;
  const bytes = Buffer.alloc(HEADER_BYTES + (value?.length ?? 0));
  bytes.writeBigInt64BE(BigInt(record.time), 0);
  bytes.writeBigInt64BE(BigInt(record.timestamp), 8);
  bytes.writeInt32BE(value === null ? -1 : value.length, 16);
  value?.copy(bytes, HEADER_BYTES);
  return bytes;
}

function decode(key: Buffer, bytes: Buffer): BufferedRecord {
  const length = bytes.readInt32BE(16);
  return {
    key,
    time: Number(bytes.readBigInt64BE(0)),
    timestamp: Number(bytes.readBigInt64BE(8)),
    value: length < 0 ? null : Buffer.from(bytes.subarray(HEADER_BYTES, HEADER_BYTES + length)),
  };
}

/** The buffer's store: in memory, logged to `<applicationId>-<name>-changelog` unless logging is disabled. */
export function suppressionBufferBuilder(name: string, loggingEnabled = true): StoreBuilder<SuppressionBuffer> {
  return {
    name,
    kind: 'key-value',
    queryable: false,
    persistent: false,
    loggingEnabled,
    changelogConfig: { 'cleanup.policy': 'compact' },
    withLoggingDisabled: () => suppressionBufferBuilder(name, false),
    withInMemory: () => suppressionBufferBuilder(name, loggingEnabled),
    // As in Java, a suppression buffer is never cached: it is a cache of its own.
    cachingEnabled: false,
    withCachingEnabled: () => suppressionBufferBuilder(name, loggingEnabled),
    withCachingDisabled: () => suppressionBufferBuilder(name, loggingEnabled),
    build: (context: StoreContext): BuiltStore<SuppressionBuffer> => {
      const store = new SuppressionBuffer(name, loggingEnabled ? context.changelog : { send: () => undefined });
      return { store, restore: (key, value) => store.restore(key, value) };
    },
  };
}
