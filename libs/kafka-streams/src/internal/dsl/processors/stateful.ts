// A processor built from a function of its context: the shape of every stateful DSL processor here.
import type { ProcessorContext, ProcessorSupplier, Record } from '../../../processor/api.js';

export type Untyped = ProcessorSupplier<unknown, unknown, unknown, unknown>;

export function processorOf<K, V, KR, VR>(
  setup: (context: ProcessorContext<KR, VR>) => (record: Record<K, V>) => void,
): Untyped {
  const supplier: ProcessorSupplier<K, V, KR, VR> = () => {
    let handle: ((record: Record<K, V>) => void) | undefined;
    return {
      init: (context) => (handle = setup(context)),
      process: (record) => handle!(record),
    };
  };
  return supplier as Untyped;
}

/** Kafka Streams drops records with a null key (and, for aggregations, a null value) before state. */
export const isMissing = (value: unknown): boolean => value === null || value === undefined;

/**
 * The stream time one processor has observed: the largest timestamp of the records it was given. Windowed
 * aggregations and stream-stream joins close windows on it, as Java's do, so records dropped upstream (by a
 * filter, say) never close a window. It starts at the task's stream time when the processor is initialised: -1 in
 * a new task, as in Java (whose processors start from -1 after a restart too); a task that restores its stream time
 * before initialising its processors hands that on, so records that were late stay late.
 */
export class ObservedStreamTime {
  private observedMs: number;

  constructor(context: { currentStreamTimeMs(): number }) {
    this.observedMs = context.currentStreamTimeMs();
  }

  /** Takes a record's timestamp into account and returns the observed stream time. */
  observe(timestampMs: number): number {
    this.observedMs = Math.max(this.observedMs, timestampMs);
    return this.observedMs;
  }

  get ms(): number {
    return this.observedMs;
  }
}
