// KTable.groupBy (Java: KTableRepartitionMap): each table update withdraws the row's previous selection and
// adds its new one, as two records for the repartition topic, marked `subtract` and `add` (old first, as in
// Java). A delete only subtracts; a selection with a null key or value is not sent.
//
// Table records carry no old value, and when an update reaches this processor the table's store (if any)
// already holds the new value. So this processor keeps the selection it last sent per source key in its own
// logged store. The store is partitioned like the table and restored with the task, so after a restart or a
// rebalance a subtract withdraws exactly what was added before, even if the selector changed in between.
import type { KeyValue, KeyValueStore } from '../../../state/store.js';
import { isMissing, processorOf, type Untyped } from './stateful.js';
import { withChange } from './table-change-header.js';

export const tableGroupByProcessor = <K, V, KR, VR>(
  selector: (key: K, value: V) => KeyValue<KR, VR>,
  sentStoreName: string,
): Untyped =>
  processorOf<K, V | null, KR, VR>((context) => {
    const sent = context.getStateStore<KeyValueStore<K, KeyValue<KR, VR>>>(sentStoreName);
    return (record) => {
      if (isMissing(record.key)) return;
      const previous = sent.get(record.key);
      const selected =
        record.value === null || record.value === undefined ? undefined : selector(record.key, record.value);
      const next = selected && !isMissing(selected.key) && !isMissing(selected.value) ? selected : undefined;
      sent.put(record.key, next ?? null);
      if (previous !== undefined) {
        context.forward({
          ...record,
          key: previous.key,
          value: previous.value,
          headers: withChange(record.headers, 'subtract'),
        });
      }
      if (next !== undefined) {
        context.forward({ ...record, key: next.key, value: next.value, headers: withChange(record.headers, 'add') });
      }
    };
  });
