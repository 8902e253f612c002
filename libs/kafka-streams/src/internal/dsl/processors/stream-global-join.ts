// KStream-GlobalKTable join: each stream record looks up the global table's value for the key its
// `keyMapper` computes, so the stream needs no co-partitioning or repartition. Table updates never trigger
// output. As in Kafka Streams, records with a null value are dropped; a record whose mapped key is null is
// dropped by the inner join and joined with null by the left join (whatever its own key).
import type { ReadOnlyKeyValueStore } from '../../../state/store.js';
import { isMissing, processorOf, type Untyped } from './stateful.js';

export const streamGlobalJoinProcessor = <K, V, GK, GV, VR>(
  globalStoreName: string,
  keyMapper: (key: K, value: V) => GK,
  joiner: (value: V, globalValue: GV | null) => VR,
  leftJoin: boolean,
): Untyped =>
  processorOf<K, V, K, VR>((context) => {
    const store = context.getStateStore<ReadOnlyKeyValueStore<GK, GV>>(globalStoreName);
    return (record) => {
      if (isMissing(record.value)) return;
      const mappedKey = keyMapper(record.key, record.value);
      const match = isMissing(mappedKey) ? undefined : store.get(mappedKey);
      if (match === undefined && !leftJoin) return;
      context.forward({ ...record, value: joiner(record.value, match ?? null) });
    };
  });
