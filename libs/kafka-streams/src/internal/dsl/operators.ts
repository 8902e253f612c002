// The processors behind the stateless DSL operators. Each forwards new records built from the input
// record, keeping its timestamp and headers (as Kafka Streams does).
import type {
  FixedKeyProcessorSupplier,
  FixedKeyRecord,
  Processor,
  ProcessorContext,
  ProcessorSupplier,
  Record,
} from '../../processor/api.js';
import type { KeyValue } from '../../state/store.js';

type Untyped = ProcessorSupplier<unknown, unknown, unknown, unknown>;

/** A processor that forwards what `transform` emits for each record. */
function forwarding<K, V, KR, VR>(
  transform: (record: Record<K, V>, emit: (record: Record<KR, VR>) => void) => void,
): Untyped {
  const supplier: ProcessorSupplier<K, V, KR, VR> = () => {
    let context: ProcessorContext<KR, VR> | undefined;
    return {
      init: (c) => (context = c),
      process: (record) => transform(record, (out) => context!.forward(out)),
    };
  };
  return supplier as Untyped;
}

export const filterProcessor = <K, V>(predicate: (key: K, value: V) => boolean, negate: boolean): Untyped =>
  forwarding<K, V, K, V>((record, emit) => {
    if (predicate(record.key, record.value) !== negate) emit(record);
  });

export const mapProcessor = <K, V, KR, VR>(mapper: (key: K, value: V) => KeyValue<KR, VR>): Untyped =>
  forwarding<K, V, KR, VR>((record, emit) => {
    const { key, value } = mapper(record.key, record.value);
    emit({ ...record, key, value });
  });

export const mapValuesProcessor = <K, V, VR>(mapper: (value: V, key: K) => VR): Untyped =>
  forwarding<K, V, K, VR>((record, emit) => emit({ ...record, value: mapper(record.value, record.key) }));

export const flatMapProcessor = <K, V, KR, VR>(mapper: (key: K, value: V) => Iterable<KeyValue<KR, VR>>): Untyped =>
  forwarding<K, V, KR, VR>((record, emit) => {
    for (const { key, value } of mapper(record.key, record.value)) emit({ ...record, key, value });
  });

export const flatMapValuesProcessor = <K, V, VR>(mapper: (value: V, key: K) => Iterable<VR>): Untyped =>
  forwarding<K, V, K, VR>((record, emit) => {
    for (const value of mapper(record.value, record.key)) emit({ ...record, value });
  });

export const selectKeyProcessor = <K, V, KR>(mapper: (key: K, value: V) => KR): Untyped =>
  forwarding<K, V, KR, V>((record, emit) => emit({ ...record, key: mapper(record.key, record.value) }));

export const peekProcessor = <K, V>(action: (key: K, value: V) => void, forward: boolean): Untyped =>
  forwarding<K, V, K, V>((record, emit) => {
    action(record.key, record.value);
    if (forward) emit(record);
  });

export const passThroughProcessor = (): Untyped => forwarding((record, emit) => emit(record));

export interface BranchRoute<K, V> {
  readonly predicate: (key: K, value: V) => boolean;
  readonly childName: string;
}

/** Sends each record to the first branch whose predicate holds, else to the default branch (if any). */
export const splitProcessor = <K, V>(
  routes: ReadonlyArray<BranchRoute<K, V>>,
  defaultChild: () => string | undefined,
): Untyped => {
  const supplier: ProcessorSupplier<K, V, K, V> = () => {
    let context: ProcessorContext<K, V> | undefined;
    return {
      init: (c) => (context = c),
      process: (record) => {
        const route = routes.find((r) => r.predicate(record.key, record.value));
        const child = route?.childName ?? defaultChild();
        if (child !== undefined) context!.forward(record, child);
      },
    };
  };
  return supplier as Untyped;
};

/** Runs a FixedKeyProcessor as a Processor: its context only forwards records with the input's key type. */
export const fixedKeyProcessor = <K, V, VR>(supplier: FixedKeyProcessorSupplier<K, V, VR>): Untyped => {
  const wrapped: ProcessorSupplier<K, V, K, VR> = (): Processor<K, V, K, VR> => {
    const inner = supplier();
    return {
      init: (context) => inner.init?.(context),
      // The engine hands over the record it received: its key is the fixed key.
      process: (record) => inner.process(record as FixedKeyRecord<K, V>),
      close: () => inner.close?.(),
    };
  };
  return wrapped as Untyped;
};
