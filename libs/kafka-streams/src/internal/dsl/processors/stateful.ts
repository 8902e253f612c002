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
