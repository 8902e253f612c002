// KTable.groupBy (Java: KTableRepartitionMap): each table update withdraws the row's previous selection and
// adds its new one, as changes for the repartition topic: one change (new and old value) when the row keeps its
// group, else a withdrawal (old value only) to the old group, then an addition (new value only) to the new one,
// as in Java. A delete only withdraws; a selection with a null key or value is not sent.
//
// This processor keeps the selection it last sent per source key in its own logged store, partitioned like the
// table and restored with the task: after a restart or a rebalance a withdrawal takes back exactly what was
// added before, even if the selector changed in between.
import type { KeyValue, KeyValueStore } from '../../../state/store.js';
import { isMissing, processorOf, type Untyped } from './stateful.js';
import { change, type Change } from './table-change.js';

export const tableGroupByProcessor = <K, V, KR, VR>(
  selector: (key: K, value: V) => KeyValue<KR, VR>,
  sentStoreName: string,
  sameGroup: (a: KR, b: KR) => boolean,
): Untyped =>
  processorOf<K, Change<V>, KR, Change<VR>>((context) => {
    const sent = context.getStateStore<KeyValueStore<K, KeyValue<KR, VR>>>(sentStoreName);
    return (record) => {
      if (isMissing(record.key)) return;
      // As Java (KIP-914): an out-of-order update of a versioned table is not regrouped.
      if (record.value.isLatest === false) return;
      const previous = sent.get(record.key);
      const { newValue } = record.value;
      const selected = newValue === null ? undefined : selector(record.key, newValue);
      const next = selected && !isMissing(selected.key) && !isMissing(selected.value) ? selected : undefined;
      sent.put(record.key, next ?? null);
      if (previous !== undefined && next !== undefined && sameGroup(previous.key, next.key)) {
        context.forward({ ...record, key: next.key, value: change(next.value, previous.value) });
        return;
      }
      if (previous !== undefined)
        context.forward({ ...record, key: previous.key, value: change(null, previous.value) });
      if (next !== undefined) context.forward({ ...record, key: next.key, value: change(next.value, null) });
    };
  });
