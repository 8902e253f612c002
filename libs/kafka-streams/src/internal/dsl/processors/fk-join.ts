// The processors of a foreign-key table join (KIP-213; Java: SubscriptionSendProcessorSupplier,
// SubscriptionReceiveProcessorSupplier + SubscriptionJoinProcessorSupplier, ForeignTableJoinProcessorSupplier,
// ResponseJoinProcessorSupplier). Left rows subscribe to their foreign key through the subscription topic
// (keyed by the foreign key, co-partitioned with the foreign table); the foreign side answers each subscription,
// and every subscriber when a foreign row changes, through the response topic (keyed by the left row's key);
// the left side joins an answer with the row's current value unless the row changed since (hash mismatch).
import type { Serde } from '../../../serde/serde.js';
import type { KeyValueStore } from '../../../state/store.js';
import {
  sameHash,
  valueHash,
  type Subscription,
  type SubscriptionInstruction,
  type SubscriptionResponse,
  type SubscriptionSet,
} from '../fk-join-serdes.js';
import { isMissing, processorOf, type Untyped } from './stateful.js';
import type { Change } from './table-change.js';

export interface SubscriptionSending<K, V, KO> {
  readonly foreignKeyOf: (value: V, key: K) => KO;
  readonly leftJoin: boolean;
  /** The foreign key's bytes: a row whose foreign key changed unsubscribes from the old one. */
  readonly foreignKeyBytes: (foreignKey: KO) => Buffer | null;
  readonly valueBytes: (value: V) => Buffer | null;
}

/** On the left table's changes (with old values): which subscriptions to send, as Java's instructions. */
export const subscriptionSendProcessor = <K, V, KO>(sending: SubscriptionSending<K, V, KO>): Untyped =>
  processorOf<K, Change<V>, KO | null, Subscription<K>>((context) => (record) => {
    const { newValue, oldValue } = record.value;
    const hash = valueHash(newValue === null ? null : sending.valueBytes(newValue));
    const send = (foreignKey: KO | null, instruction: SubscriptionInstruction): void =>
      context.forward({ ...record, key: foreignKey, value: { instruction, hash, primaryKey: record.key } });
    const changed = (a: KO, b: KO | null): boolean => {
      const bytesA = sending.foreignKeyBytes(a);
      const bytesB = b === null ? null : sending.foreignKeyBytes(b);
      return bytesA === null || bytesB === null ? bytesA !== bytesB : !bytesA.equals(bytesB);
    };
    const newKey = newValue === null ? null : (sending.foreignKeyOf(newValue, record.key) ?? null);
    const oldKey = oldValue === null ? null : (sending.foreignKeyOf(oldValue, record.key) ?? null);
    // As Java 4.3 (checked against it): a row leaving its foreign key withdraws the subscription there without
    // an answer, unless (inner join) the row has no foreign key any more, whose answer then deletes the result.
    if (sending.leftJoin) {
      if (oldKey !== null && changed(oldKey, newKey)) send(oldKey, 'delete-no-propagate');
      if (oldValue !== null || newValue !== null) send(newKey, 'propagate-null-if-no-foreign-value');
      return;
    }
    if (oldKey !== null) {
      if (newKey === null) {
        send(oldKey, 'delete-and-propagate');
        return;
      }
      if (changed(oldKey, newKey)) send(oldKey, 'delete-no-propagate');
      send(newKey, 'propagate-null-if-no-foreign-value');
    } else if (newKey !== null) {
      send(newKey, 'propagate-only-if-foreign-value');
    }
  });

export interface SubscriptionStores {
  /** Foreign key -> the left rows subscribed to it. */
  readonly subscriptionStoreName: string;
  readonly foreignStoreName: string;
  /** Foreign key -> the timestamp of the foreign row's newest update (the store of the foreign rows has none). */
  readonly foreignTimestampsStoreName: string;
}

/** On the foreign side: records the subscription, then answers it with the foreign row (if the instruction says). */
export const subscriptionReceiveProcessor = <KO, K, VO>(
  stores: SubscriptionStores,
  primaryKeySerde: Serde<K>,
): Untyped =>
  processorOf<KO | null, Subscription<K>, K, SubscriptionResponse<VO>>((context) => {
    const subscriptions = context.getStateStore<KeyValueStore<KO, SubscriptionSet>>(stores.subscriptionStoreName);
    const foreign = context.getStateStore<KeyValueStore<KO, VO>>(stores.foreignStoreName);
    const foreignTimestamps = context.getStateStore<KeyValueStore<KO, number>>(stores.foreignTimestampsStoreName);
    return (record) => {
      const { instruction, hash, primaryKey } = record.value;
      const foreignKey = record.key;
      if (isMissing(foreignKey) && instruction !== 'propagate-null-if-no-foreign-value') return;
      if (!isMissing(foreignKey)) {
        const key = foreignKey as KO;
        const keyBytes = primaryKeySerde.serialize(stores.subscriptionStoreName, primaryKey) ?? Buffer.alloc(0);
        const others = (subscriptions.get(key) ?? []).filter((s) => !s.primaryKey.equals(keyBytes));
        const remove = instruction === 'delete-and-propagate' || instruction === 'delete-no-propagate';
        const next = remove
          ? others
          : [...others, { primaryKey: keyBytes, hash }].sort((a, b) => Buffer.compare(a.primaryKey, b.primaryKey));
        subscriptions.put(key, next.length === 0 ? null : next);
      }
      const foreignValue = isMissing(foreignKey) ? null : (foreign.get(foreignKey as KO) ?? null);
      // As Java: the later of the subscription's and the foreign row's timestamps.
      const foreignTimestamp = foreignValue === null ? undefined : foreignTimestamps.get(foreignKey as KO);
      const timestamp = Math.max(record.timestamp, foreignTimestamp ?? record.timestamp);
      const respond = (value: VO | null): void =>
        context.forward({ ...record, key: primaryKey, timestamp, value: { hash, foreignValue: value } });
      if (instruction === 'delete-and-propagate') respond(null);
      else if (instruction === 'propagate-null-if-no-foreign-value') respond(foreignValue);
      else if (instruction === 'propagate-only-if-foreign-value' && foreignValue !== null) respond(foreignValue);
    };
  });

/** On the foreign table's changes: answers every left row subscribed to the key with the new foreign row. */
export const foreignChangeProcessor = <KO, VO, K>(
  { subscriptionStoreName, foreignTimestampsStoreName }: Omit<SubscriptionStores, 'foreignStoreName'>,
  primaryKeySerde: Serde<K>,
): Untyped =>
  processorOf<KO, Change<VO>, K, SubscriptionResponse<VO>>((context) => {
    const subscriptions = context.getStateStore<KeyValueStore<KO, SubscriptionSet>>(subscriptionStoreName);
    const foreignTimestamps = context.getStateStore<KeyValueStore<KO, number>>(foreignTimestampsStoreName);
    return (record) => {
      if (isMissing(record.key)) return;
      foreignTimestamps.put(record.key, record.value.newValue === null ? null : record.timestamp);
      for (const { primaryKey, hash } of subscriptions.get(record.key) ?? []) {
        context.forward({
          ...record,
          key: primaryKeySerde.deserialize(subscriptionStoreName, primaryKey),
          value: { hash, foreignValue: record.value.newValue },
        });
      }
    };
  });

export interface ResponseJoin<V, VO, VR> {
  readonly leftStoreName: string;
  readonly valueBytes: (value: V) => Buffer | null;
  readonly joiner: (value: V | null, foreignValue: VO | null) => VR;
  readonly leftJoin: boolean;
}

/** On the left side: joins an answer with the row's current value, unless the row changed since it subscribed. */
export const responseJoinProcessor = <K, V, VO, VR>(join: ResponseJoin<V, VO, VR>): Untyped =>
  processorOf<K, SubscriptionResponse<VO>, K, VR | null>((context) => {
    const left = context.getStateStore<KeyValueStore<K, V>>(join.leftStoreName);
    return (record) => {
      const current = isMissing(record.key) ? null : (left.get(record.key) ?? null);
      const currentHash = valueHash(current === null ? null : join.valueBytes(current));
      if (!sameHash(currentHash, record.value.hash)) return;
      const { foreignValue } = record.value;
      const result =
        foreignValue === null && (!join.leftJoin || current === null) ? null : join.joiner(current, foreignValue);
      context.forward({ ...record, value: result });
    };
  });
