// A processor writing a cached store leaves forwarding to the store's flushes (Java: TimestampedTupleForwarder).
import { canListenToFlushes, type CacheFlushListener } from '../../state/cache-flush-listener.js';

/**
 * Registers `listener` for the merged updates `store` writes when its record cache is flushed; true when the store
 * is cached, and the processor must then not forward its updates itself.
 */
export function forwardsOnFlush<K, V>(
  store: object,
  listener: CacheFlushListener<K, V>,
  sendOldValues: () => boolean,
): boolean {
  return canListenToFlushes<K, V>(store) && store.setFlushListener(listener, sendOldValues);
}
