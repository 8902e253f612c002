// KTable.suppress(Suppressed.untilWindowCloses()): holds the latest update of each window and emits it once,
// when stream time reaches the window's end + grace. The buffer is in memory (not changelogged): after a
// restart, windows still open are emitted again from their restored aggregates' next update.
import type { Serializer } from '../../../serde/serde.js';
import type { Record } from '../../../processor/api.js';
import type { Windowed } from '../../../windows/window.js';
import { processorOf, type Untyped } from './stateful.js';
import { change, type Change } from './table-change.js';

export const suppressUntilWindowClosesProcessor = <K, V>(
  graceMs: number,
  keySerializer: Serializer<Windowed<K>> | undefined,
): Untyped =>
  processorOf<Windowed<K>, Change<V>, Windowed<K>, Change<V>>((context) => {
    const buffer = new Map<string, Record<Windowed<K>, Change<V>>>();
    const bufferKey = (key: Windowed<K>): string =>
      keySerializer?.serialize('suppress', key)?.toString('hex') ??
      JSON.stringify([key.key, key.window.startMs, key.window.endMs]);
    return (record) => {
      const streamTime = context.currentStreamTimeMs();
      if (record.key.window.endMs + graceMs > streamTime) {
        // The window's emitted change replaces what was there before its first buffered update.
        const id = bufferKey(record.key);
        const first = buffer.get(id);
        buffer.set(id, first ? { ...record, value: change(record.value.newValue, first.value.oldValue) } : record);
      }
      const closed = [...buffer.entries()]
        .filter(([, r]) => r.key.window.endMs + graceMs <= streamTime)
        // As Java's time-ordered buffer: by window end, then by the serialized windowed key's bytes (the hex of
        // the bytes sorts as the bytes do).
        .sort(([idA, a], [idB, b]) => a.key.window.endMs - b.key.window.endMs || (idA < idB ? -1 : idA > idB ? 1 : 0));
      for (const [id, r] of closed) {
        buffer.delete(id);
        context.forward(r);
      }
    };
  });
