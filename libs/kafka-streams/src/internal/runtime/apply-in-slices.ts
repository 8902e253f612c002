// Applies restored changelog records to stores in slices bounded by time and by count, yielding to the event
// loop between slices: stores apply records synchronously (node:sqlite has no asynchronous API), and a fixed
// count of records takes anywhere from a few to hundreds of milliseconds depending on the store, its size and
// the machine's load.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/** How long one slice may run before the event loop gets its turn. */
const SLICE_MS = 10;
/** Records per slice at most, however fast they are applied. */
const SLICE_RECORDS = 2_000;
/** Records applied between two looks at the clock. */
const CLOCK_EVERY = 8;

/** Applies every item unless `stopped()` turns true between slices; resolves whether all were applied. */
export async function applyInSlices<T>(
  items: ReadonlyArray<T>,
  apply: (item: T) => void,
  stopped: () => boolean,
): Promise<boolean> {
  let next = 0;
  while (next < items.length) {
    const started = performance.now();
    const end = Math.min(items.length, next + SLICE_RECORDS);
    while (next < end) {
      apply(items[next++]!);
      if (next % CLOCK_EVERY === 0 && performance.now() - started >= SLICE_MS) break;
    }
    if (next < items.length) {
      await yieldToEventLoop();
      if (stopped()) return false;
    }
  }
  return true;
}
