// KTable.transformValues (Java: KTableTransformValues): each change's new value goes through the user's
// transformer (deletes too: it gets null). Without a store of its own, a node sending old values transforms the
// old value as well, right after the new one (as Java: a stateful transformer sees both calls); with one, the old
// value is the store's row.
import type { Headers } from '../../../serde/serde.js';
import type { Processor, ProcessorContext, Record } from '../../../processor/api.js';
import type { ValueTransformerContext, ValueTransformerWithKeySupplier } from '../../../processor/value-transformer.js';
import type { OldValues } from '../table-old-values.js';
import type { Untyped } from './stateful.js';
import { change, type Change } from './table-change.js';
import { tableRows, type RowWrite, type TableRows } from './table-materialize.js';
import { passedOn } from './table-operators.js';

export const tableTransformValuesProcessor = <K, V, VR>(
  supplier: ValueTransformerWithKeySupplier<K, V, VR>,
  oldValues: OldValues,
  storeName: string | undefined,
): Untyped =>
  (() => {
    const transformer = supplier();
    let current: Record<K, Change<V>> | undefined;
    let context: ProcessorContext<K, Change<VR>> | undefined;
    let rows: TableRows<K, VR> | undefined;
    const processor: Processor<K, Change<V>, K, Change<VR>> = {
      init: (c) => {
        context = c;
        rows = tableRows<K, VR>(c, storeName, () => oldValues.enabled);
        transformer.init?.(transformerContext(c, () => current));
      },
      process: (record) => {
        current = record;
        const { key } = record;
        const newValue = transformer.transform(key, record.value.newValue);
        let oldValue: VR | null = null;
        let written: RowWrite | undefined;
        if (rows) {
          oldValue = oldValues.enabled ? rows.previous(key) : null;
          written = rows.write(key, newValue, record.timestamp);
        } else if (oldValues.enabled) {
          oldValue = transformer.transform(key, record.value.oldValue);
        }
        current = undefined;
        if (written === 'not-put' || rows?.cached) return;
        context!.forward({ ...record, value: passedOn(change(newValue, oldValue), record.value, written) });
      },
      close: () => transformer.close?.(),
    };
    return processor;
  }) as Untyped;

const NO_HEADERS: Headers = [];

function transformerContext<K, V>(
  context: ProcessorContext<K, Change<V>>,
  current: () => Record<K, Change<unknown>> | undefined,
): ValueTransformerContext {
  return {
    applicationId: context.applicationId,
    taskId: context.taskId,
    recordMetadata: () => context.recordMetadata(),
    currentStreamTimeMs: () => context.currentStreamTimeMs(),
    currentSystemTimeMs: () => context.currentSystemTimeMs(),
    schedule: (intervalMs, type, punctuator) => context.schedule(intervalMs, type, punctuator),
    commit: () => context.commit(),
    getStateStore: <S>(name: string) => context.getStateStore<S>(name),
    // Outside transform (in a punctuator) there is no record: Java reports the punctuation time; here stream time.
    recordTimestampMs: () => current()?.timestamp ?? context.currentStreamTimeMs(),
    recordHeaders: () => current()?.headers ?? NO_HEADERS,
  };
}
