// Wires a foreign-key table join (KIP-213): the left table's subscriptions go through
// `<applicationId>-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-<n>-topic` (keyed by the foreign key, co-partitioned
// with the foreign table, whose side keeps them in `KTABLE-FK-JOIN-SUBSCRIPTION-STATE-STORE-<n>`, and the foreign
// rows' timestamps in `<that store>-foreign-timestamps`), the answers
// through `<applicationId>-KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-<n>-topic` (keyed by the left key, co-partitioned
// with the left table), and a KTABLE-FK-JOIN-OUTPUT-<n> node is the result table.
import type { Serde } from '../../serde/serde.js';
import type { Materialized } from '../../dsl/materialized.js';
import type { BuildContext } from './build-context.js';
import { responseSerde, subscriptionSerde, subscriptionSetSerde } from './fk-join-serdes.js';
import {
  foreignChangeProcessor,
  responseJoinProcessor,
  subscriptionReceiveProcessor,
  subscriptionSendProcessor,
} from './processors/fk-join.js';
import { streamToTableProcessor, tableSourceProcessor } from './processors/table-source.js';
import { keyValueStoreBuilder, requireSerde } from './store-support.js';
import { longAsNumberSerde } from '../../dsl/long-serde.js';
import { addTableStore, type MaterializedTable } from './table-materialization.js';
import { OldValues, SourceOldValues } from './table-old-values.js';

export interface ForeignKeyJoinSpec<K, V, KO, VO, VR> {
  readonly context: BuildContext;
  readonly left: MaterializedTable;
  readonly right: MaterializedTable;
  readonly keySerde: Serde<K> | undefined;
  readonly valueSerde: Serde<V> | undefined;
  readonly foreignKeySerde: Serde<KO> | undefined;
  readonly foreignValueSerde: Serde<VO> | undefined;
  readonly foreignKeyOf: (value: V, key: K) => KO;
  readonly joiner: (value: V | null, foreignValue: VO | null) => VR;
  readonly leftJoin: boolean;
  readonly materialized: Materialized<K, VR> | undefined;
}

/** The result table: its node, its store when materialized under a name, whether it sends old values. */
export interface ForeignKeyJoinResult {
  readonly nodeName: string;
  readonly storeName: string | undefined;
  readonly oldValues: OldValues;
}

export function addForeignKeyJoin<K, V, KO, VO, VR>(spec: ForeignKeyJoinSpec<K, V, KO, VO, VR>): ForeignKeyJoinResult {
  const { context, left, right } = spec;
  const { topology } = context;
  const what = 'The foreign-key join';
  const keySerde = requireSerde(
    context,
    spec.keySerde ?? (context.defaultKeySerde as Serde<K> | undefined),
    `${what} key`,
  );
  const valueSerde = requireSerde(
    context,
    spec.valueSerde ?? (context.defaultValueSerde as Serde<V> | undefined),
    `${what} left value`,
  );
  const foreignKeySerde = requireSerde(
    context,
    spec.foreignKeySerde ?? (context.defaultKeySerde as Serde<KO> | undefined),
    `${what} foreign key`,
  );
  const foreignValueSerde = requireSerde(
    context,
    spec.foreignValueSerde ?? (context.defaultValueSerde as Serde<VO> | undefined),
    `${what} foreign value`,
  );

  const registration = context.newName('KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-');
  const subscriptionTopic = `${registration}-topic`;
  const subscriptionSerdes = { keySerde: foreignKeySerde, valueSerde: subscriptionSerde(keySerde) };
  const valueBytes = (value: V) => valueSerde.serialize(subscriptionTopic, value);
  topology.addProcessor(
    registration,
    subscriptionSendProcessor<K, V, KO>({
      foreignKeyOf: spec.foreignKeyOf,
      leftJoin: spec.leftJoin,
      foreignKeyBytes: (foreignKey) => foreignKeySerde.serialize(subscriptionTopic, foreignKey),
      valueBytes,
    }),
    left.nodeName,
  );
  const subscriptionSink = context.newName('KTABLE-SINK-');
  topology.addInternalTopic({ name: subscriptionTopic, kind: 'repartition' });
  topology.addInternalSink(subscriptionSink, subscriptionTopic, subscriptionSerdes, registration);
  const subscriptionSource = context.newName('KTABLE-SOURCE-');
  topology.addInternalSource(subscriptionSource, subscriptionTopic, subscriptionSerdes);

  const subscriptionStoreName = context.newName('KTABLE-FK-JOIN-SUBSCRIPTION-STATE-STORE-');
  const foreignTimestampsStoreName = `${subscriptionStoreName}-foreign-timestamps`;
  const stores = { subscriptionStoreName, foreignStoreName: right.storeName, foreignTimestampsStoreName };
  const receive = context.newName('KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-');
  topology.addProcessor(receive, subscriptionReceiveProcessor<KO, K, VO>(stores, keySerde), subscriptionSource);
  const foreignChange = context.newName('KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-');
  topology.addProcessor(foreignChange, foreignChangeProcessor<KO, VO, K>(stores, keySerde), right.nodeName);
  topology.addStateStore(
    keyValueStoreBuilder(subscriptionStoreName, foreignKeySerde, subscriptionSetSerde, undefined),
    receive,
    foreignChange,
  );
  topology.addStateStore(
    keyValueStoreBuilder(foreignTimestampsStoreName, foreignKeySerde, longAsNumberSerde(), undefined),
    receive,
    foreignChange,
  );
  topology.connectProcessorAndStateStores([receive, right.storeName]);
  topology.addCopartitionGroup([receive, right.nodeName]);

  const responseTopic = `${context.newName('KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-')}-topic`;
  const responseSerdes = { keySerde, valueSerde: responseSerde(foreignValueSerde) };
  const responseSink = context.newName('KTABLE-SINK-');
  topology.addInternalTopic({ name: responseTopic, kind: 'repartition' });
  topology.addInternalSink(responseSink, responseTopic, responseSerdes, receive, foreignChange);
  const responseSource = context.newName('KTABLE-SOURCE-');
  topology.addInternalSource(responseSource, responseTopic, responseSerdes);
  const responseJoin = context.newName('KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-RESOLVER-PROCESSOR-');
  topology.addProcessor(
    responseJoin,
    responseJoinProcessor<K, V, VO, VR>({
      leftStoreName: left.storeName,
      valueBytes,
      joiner: spec.joiner,
      leftJoin: spec.leftJoin,
    }),
    responseSource,
  );
  topology.connectProcessorAndStateStores([responseJoin, left.storeName]);
  topology.addCopartitionGroup([responseJoin, left.nodeName]);

  // As Java: the result is a table source, materialized only under a given store name.
  const output = context.newName('KTABLE-FK-JOIN-OUTPUT-');
  const storeName = spec.materialized?.storeName;
  if (storeName === undefined) {
    topology.addProcessor(output, streamToTableProcessor(), responseJoin);
    return { nodeName: output, storeName, oldValues: OldValues.never() };
  }
  const oldValues = SourceOldValues.of(true);
  topology.addProcessor(output, tableSourceProcessor(storeName, oldValues), responseJoin);
  addTableStore(context, {
    storeName,
    processorName: output,
    keySerde,
    valueSerde: spec.materialized?.valueSerde,
    materialized: spec.materialized,
  });
  return { nodeName: output, storeName, oldValues };
}
