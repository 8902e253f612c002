// Wires a foreign-key table join (KIP-213): the left table's subscriptions go through
// `<applicationId>-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-<n>-topic` (keyed by the foreign key, co-partitioned
// with the foreign table, whose side keeps them in `KTABLE-FK-JOIN-SUBSCRIPTION-STATE-STORE-<n>`, and the foreign
// rows' timestamps in `<that store>-foreign-timestamps`), the answers
// through `<applicationId>-KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-<n>-topic` (keyed by the left key, co-partitioned
// with the left table), and a KTABLE-FK-JOIN-OUTPUT-<n> node is the result table. With TableJoined.as(name), Java's
// names instead: `<name>-subscription-registration-topic`, `<name>-subscription-store`, ..., `<name>-result`; its
// partitioners place the subscriptions (otherPartitioner, by foreign key) and the responses (partitioner, by key).
import type { Serde } from '../../serde/serde.js';
import type { Materialized } from '../../dsl/materialized.js';
import type { TableJoined } from '../../dsl/table-joined.js';
import type { StreamPartitioner } from '../../topology/nodes.js';
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
  readonly tableJoined: TableJoined<K, KO> | undefined;
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

  const named = joinNames(context, spec.tableJoined?.name);
  const subscriptionTopic = `${named('-subscription-registration', 'KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-')}-topic`;
  const registration = named('-subscription-registration-processor', 'KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-');
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
  const subscriptionSink = named('-subscription-registration-sink', 'KTABLE-SINK-');
  topology.addInternalTopic({ name: subscriptionTopic, kind: 'repartition' });
  topology.addInternalSink(
    subscriptionSink,
    subscriptionTopic,
    { ...subscriptionSerdes, partitioner: keyOnly(spec.tableJoined?.otherPartitioner) },
    registration,
  );
  const subscriptionSource = named('-subscription-registration-source', 'KTABLE-SOURCE-');
  topology.addInternalSource(subscriptionSource, subscriptionTopic, subscriptionSerdes);

  const subscriptionStoreName = named('-subscription-store', 'KTABLE-FK-JOIN-SUBSCRIPTION-STATE-STORE-');
  const foreignTimestampsStoreName = `${subscriptionStoreName}-foreign-timestamps`;
  const stores = { subscriptionStoreName, foreignStoreName: right.storeName, foreignTimestampsStoreName };
  const receive = named('-subscription-receive', 'KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-');
  // Java joins the subscriptions with the foreign rows in a processor of its own; here `receive` does, and the
  // index Java gives that processor is left unused, so the names generated after it are Java's.
  named('-subscription-join-foreign', 'KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-');
  topology.addProcessor(receive, subscriptionReceiveProcessor<KO, K, VO>(stores, keySerde), subscriptionSource);
  const foreignChange = named('-foreign-join-subscription', 'KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-');
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

  const responseTopic = `${named('-subscription-response', 'KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-')}-topic`;
  const responseSerdes = { keySerde, valueSerde: responseSerde(foreignValueSerde) };
  const responseSink = named('-subscription-response-sink', 'KTABLE-SINK-');
  topology.addInternalTopic({ name: responseTopic, kind: 'repartition' });
  topology.addInternalSink(
    responseSink,
    responseTopic,
    { ...responseSerdes, partitioner: keyOnly(spec.tableJoined?.partitioner) },
    receive,
    foreignChange,
  );
  const responseSource = named('-subscription-response-source', 'KTABLE-SOURCE-');
  topology.addInternalSource(responseSource, responseTopic, responseSerdes);
  const responseJoin = named(
    '-subscription-response-resolver',
    'KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-RESOLVER-PROCESSOR-',
  );
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
  const output = named('-result', 'KTABLE-FK-JOIN-OUTPUT-');
  const storeName = spec.materialized?.storeName;
  // Java names a store for the result even when it is not materialized, using up an index.
  if (storeName === undefined) context.newName('KTABLE-FK-JOIN-OUTPUT-STATE-STORE-');
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

/**
 * `<name><suffix>` when the join is named, else a generated name. As in Java, a named join uses up the indexes of
 * the names it does not generate, so the names generated after it are the same as when it is unnamed.
 */
function joinNames(context: BuildContext, name: string | undefined): (suffix: string, prefix: string) => string {
  return (suffix, prefix) => {
    const generated = context.newName(prefix);
    return name === undefined ? generated : `${name}${suffix}`;
  };
}

/** A TableJoined partitioner on an internal topic: it sees the key and, as Java's, a null value. */
function keyOnly<K>(partitioner: StreamPartitioner<K, null> | undefined): StreamPartitioner<K, unknown> | undefined {
  return partitioner && ((topic, key, _value, numPartitions) => partitioner(topic, key, null, numPartitions));
}
