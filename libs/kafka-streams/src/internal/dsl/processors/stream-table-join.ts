// KStream-KTable join: each stream record looks its key up in the table's current state. Table updates
// never trigger output (as in Kafka Streams). Inner joins drop records without a match; left joins pass null.
import type { KeyValueStore, ReadOnlyKeyValueStore } from '../../../state/store.js';
import { isMissing, processorOf, type Untyped } from './stateful.js';

export const streamTableJoinProcessor = <K, V, VT, VR>(
  tableStoreName: string,
  lookup: (store: ReadOnlyKeyValueStore<unknown, VT>, key: K, value: V) => VT | undefined,
  joiner: (value: V, tableValue: VT | null) => VR,
  leftJoin: boolean,
): Untyped =>
  processorOf<K, V, K, VR>((context) => {
    const store = context.getStateStore<KeyValueStore<unknown, VT>>(tableStoreName);
    return (record) => {
      if (isMissing(record.value)) return;
      // As Java: a null key matches nothing (an inner join drops the record, a left join passes null); the
      // store is not asked, as it takes no null keys.
      const match = isMissing(record.key) ? undefined : lookup(store, record.key, record.value);
      if (match === undefined && !leftJoin) return;
      context.forward({ ...record, value: joiner(record.value, match ?? null) });
    };
  });
