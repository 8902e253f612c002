// A processor writing a cached store leaves forwarding to the store's flushes (Java: TimestampedTupleForwarder).
import type { ProcessorContext } from '../../../processor/api.js';
import { canListenToFlushes, type CacheFlushListener } from '../../state/cache-flush-listener.js';
import type { ValueAndTimestamp } from '../../state/timestamped-window-store.js';
import { change, type Change } from './table-change.js';

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

/**
 * forwardsOnFlush for an aggregation's timestamped store: each flushed aggregate goes downstream as a change (with the
 * aggregate it replaced) at the aggregate's own timestamp.
 */
export function forwardsAggregatesOnFlush<K, VA>(store: object, context: ProcessorContext<K, Change<VA>>): boolean {
  return forwardsOnFlush<K, ValueAndTimestamp<VA>>(
    store,
    ({ key, newValue, oldValue, timestamp, headers }) =>
      context.forward({
        key,
        value: change(newValue?.value, oldValue?.value),
        timestamp: newValue?.timestamp ?? timestamp,
        headers,
      }),
    () => true,
  );
}
