// KStream-GlobalKTable join: each stream record looks up the global table's value for the key its
// `keyMapper` computes, so the stream needs no co-partitioning or repartition. Table updates never trigger
// output. As in Kafka Streams, records with a null value are dropped, and so are records whose mapped key is
// null, except that a left join keeps a record whose own key is null (it is joined by its mapped key, or
// with null).
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
      const unmapped = isMissing(mappedKey);
      if (unmapped && !(leftJoin && isMissing(record.key))) return;
      const match = unmapped ? undefined : store.get(mappedKey);
      if (match === undefined && !leftJoin) return;
      context.forward({ ...record, value: joiner(record.value, match ?? null) });
    };
  });
