// KTable.suppress: holds each key's latest update in a time-ordered, changelogged buffer (suppression-buffer.ts)
// and emits it once stream time reaches its buffer time + the suppress duration, as Java's KTableSuppressProcessor:
// - untilWindowCloses: buffer time = the window's end, duration = the window's grace (+ the inactivity gap for
//   sessions); a closed window's tombstone is dropped (Java's safeToDropTombstones);
// - untilTimeLimit: buffer time = the timestamp of the key's first buffered update, duration = the time limit.
// Each update is buffered first, then everything expired is emitted, so an update for a window already closed is
// emitted at once. A full buffer (BufferConfig) emits its oldest records early or fails the task.
import type { Serde } from '../../../serde/serde.js';
import type { Record } from '../../../processor/api.js';
import type { Windowed } from '../../../windows/window.js';
import type { BufferConfig } from '../../../dsl/suppressed.js';
import { TaskFailedError } from '../../../errors/exceptions.js';
import { processorOf, type Untyped } from './stateful.js';
import type { SuppressionBuffer } from './suppression-buffer.js';
import { change, type Change } from './table-change.js';

export interface SuppressOptions<K, V> {
  readonly storeName: string;
  readonly keySerde: Serde<K>;
  readonly valueSerde: Serde<V>;
  /** Buffer time of an update: its window's end, or undefined to use the key's first buffered update's timestamp. */
  readonly windowEnd?: (key: K) => number;
  /** How long after its buffer time an update is emitted. */
  readonly durationMs: number;
  readonly bufferConfig: BufferConfig;
  /** Final results drop tombstones of closed windows; a time limit forwards them. */
  readonly dropTombstones: boolean;
}

export const suppressProcessor = <K, V>(options: SuppressOptions<K, V>): Untyped =>
  processorOf<K, Change<V>, K, Change<V>>((context) => {
    const { storeName, keySerde, valueSerde, windowEnd, durationMs, bufferConfig, dropTombstones } = options;
    const buffer = context.getStateStore<SuppressionBuffer>(storeName);
    const topic = `${context.applicationId}-${storeName}-changelog`;

    const emit = (key: Buffer, value: Buffer | null, timestamp: number): void => {
      if (value === null && dropTombstones) return;
      context.forward({
        key: keySerde.deserialize(topic, key, []),
        // The buffer keeps new values only, so what leaves it carries no old value (the table says so downstream).
        value: change(value === null ? null : valueSerde.deserialize(topic, value, []), null),
        timestamp,
        headers: [],
      });
    };

    const overflowing = (): boolean =>
      buffer.numRecords() > bufferConfig.maxRecords || buffer.sizeInBytes() > bufferConfig.maxBytes;

    return (record: Record<K, Change<V>>) => {
      const key = keySerde.serialize(topic, record.key, [])!;
      const time = windowEnd?.(record.key) ?? buffer.timeOf(key) ?? record.timestamp;
      buffer.put({
        key,
        value: record.value.newValue === null ? null : (valueSerde.serialize(topic, record.value.newValue, []) ?? null),
        time,
        timestamp: record.timestamp,
      });
      const expiry = context.currentStreamTimeMs() - durationMs;
      for (let oldest = buffer.minTime(); oldest !== undefined && oldest <= expiry; oldest = buffer.minTime()) {
        const evicted = buffer.evictOldest()!;
        emit(evicted.key, evicted.value, evicted.timestamp);
      }
      if (!overflowing()) return;
      if (bufferConfig.whenFull === 'shut-down') {
        // Not a processing error a handler could skip: the record is in the buffer already.
        const message =
          `Suppress buffer ${storeName} exceeded its capacity (maxRecords ${bufferConfig.maxRecords}, maxBytes ` +
          `${bufferConfig.maxBytes}; it holds ${buffer.numRecords()} record(s), ${buffer.sizeInBytes()} bytes) and ` +
          'is configured to shut down when full: raise the bounds, or use BufferConfig.unbounded()';
        throw new TaskFailedError(`${message} in task ${context.taskId}`, context.taskId, storeName, {
          cause: new Error(message),
        });
      }
      while (overflowing()) {
        const evicted = buffer.evictOldest()!;
        emit(evicted.key, evicted.value, evicted.timestamp);
      }
    };
  });

/** Buffer time of a windowed key: its window's end. */
export const windowEndOf = (key: Windowed<unknown>): number => key.window.endMs;
