// How a KStream-KStream join is laid out in the topology, with Kafka Streams' names:
//
//   this  -> KSTREAM-WINDOWED-n   -> KSTREAM-JOINTHIS-n+2  \
//                                                            KSTREAM-MERGE-n+4
//   other -> KSTREAM-WINDOWED-n+1 -> KSTREAM-JOINOTHER-n+3 /
//
// Each WINDOWED node buffers its side in a window store (`KSTREAM-JOINTHIS-n+2-store`, ...), which the
// opposite join node reads. Outer sides are named OUTERTHIS/OUTEROTHER, and left and outer joins add the
// store of records waiting for a partner (`KSTREAM-OUTERSHARED-n+2-store`). StreamJoined.withName names the
// nodes `<name>-this-windowed`, `<name>-this-join`, `<name>-merge`, ...; withStoreName the stores
// `<storeName>-this-join-store`, `<storeName>-outer-shared-join-store`, ...
import type { Serde } from '../../serde/serde.js';
import { Stores, type StoreBuilder } from '../../state/stores.js';
import type { StateStore } from '../../state/store.js';
import type { JoinWindows } from '../../windows/join-windows.js';
import type { BuildContext } from './build-context.js';
import { passThroughProcessor } from './operators.js';
import {
  JoinTimeTrackers,
  joinWindowProcessor,
  streamStreamJoinProcessor,
  unmatchedSerde,
  valueListSerde,
  type StreamJoinSpec,
} from './processors/stream-stream-join.js';
import { requireSerde } from './store-support.js';
import type { StreamJoined } from '../../dsl/stream-joined.js';

export type StreamJoinKind = 'inner' | 'left' | 'outer';

export interface StreamJoinParts<K, V, VO, VR> {
  readonly context: BuildContext;
  /** The (co-partitioned) nodes the two sides come from. */
  readonly thisNode: string;
  readonly otherNode: string;
  readonly keySerde: Serde<K> | undefined;
  readonly valueSerde: Serde<V> | undefined;
  readonly otherValueSerde: Serde<VO> | undefined;
  readonly windows: JoinWindows;
  readonly streamJoined: StreamJoined<K, V, VO> | undefined;
  readonly kind: StreamJoinKind;
  readonly joiner: (value: V | null, otherValue: VO | null, key: K) => VR;
}

/** Adds the join's nodes and stores; returns the name of the node its results come out of. */
export function addStreamStreamJoin<K, V, VO, VR>(parts: StreamJoinParts<K, V, VO, VR>): string {
  const { context, windows, streamJoined, kind } = parts;
  const thisOuter = kind !== 'inner';
  const otherOuter = kind === 'outer';
  const base = streamJoined?.name;
  const named = (suffix: string, prefix: string): string => {
    const generated = context.newName(prefix); // consumed even when named, as in Kafka Streams
    return base === undefined ? generated : `${base}${suffix}`;
  };
  const thisWindowed = named('-this-windowed', 'KSTREAM-WINDOWED-');
  const otherWindowed = named('-other-windowed', 'KSTREAM-WINDOWED-');
  const thisJoinPrefix = otherOuter ? 'KSTREAM-OUTERTHIS-' : 'KSTREAM-JOINTHIS-';
  const thisJoinSuffix = otherOuter ? '-outer-this-join' : '-this-join';
  const otherJoinSuffix = thisOuter ? '-outer-other-join' : '-other-join';
  const thisJoinGenerated = context.newName(thisJoinPrefix);
  const otherJoinGenerated = context.newName(thisOuter ? 'KSTREAM-OUTEROTHER-' : 'KSTREAM-JOINOTHER-');
  const thisJoin = base === undefined ? thisJoinGenerated : `${base}${thisJoinSuffix}`;
  const otherJoin = base === undefined ? otherJoinGenerated : `${base}${otherJoinSuffix}`;
  const merge = named('-merge', 'KSTREAM-MERGE-');

  const storeBase = streamJoined?.storeName;
  const thisStoreName = `${storeBase === undefined ? thisJoinGenerated : storeBase + thisJoinSuffix}-store`;
  const otherStoreName = `${storeBase === undefined ? otherJoinGenerated : storeBase + otherJoinSuffix}-store`;
  const outerStoreName = !thisOuter
    ? undefined
    : storeBase === undefined
      ? `KSTREAM-OUTERSHARED-${thisJoinGenerated.slice(thisJoinPrefix.length)}-store`
      : `${storeBase}${otherOuter ? '-outer-shared-join' : '-left-shared-join'}-store`;

  const spec: StreamJoinSpec<K, V, VO, VR> = {
    thisStoreName,
    otherStoreName,
    outerStoreName,
    beforeMs: windows.beforeMs,
    afterMs: windows.afterMs,
    graceMs: windows.graceMs,
    thisOuter,
    otherOuter,
    joiner: parts.joiner,
  };
  const { topology } = context;
  // The join's own stream time, per task, shared by its four processors (Java: TimeTrackerSupplier).
  const trackers = new JoinTimeTrackers();
  topology.addProcessor(thisWindowed, joinWindowProcessor(thisStoreName, spec, 'this', trackers), parts.thisNode);
  topology.addProcessor(otherWindowed, joinWindowProcessor(otherStoreName, spec, 'other', trackers), parts.otherNode);
  topology.addProcessor(thisJoin, streamStreamJoinProcessor(spec, 'this', trackers), thisWindowed);
  topology.addProcessor(otherJoin, streamStreamJoinProcessor(spec, 'other', trackers), otherWindowed);
  topology.addProcessor(merge, passThroughProcessor(), thisJoin, otherJoin);

  const keySerde = requireSerde(context, parts.keySerde, `The join store ${thisStoreName} key`);
  const valueSerde = requireSerde(context, parts.valueSerde, `The join store ${thisStoreName} value`);
  const otherValueSerde = requireSerde(context, parts.otherValueSerde, `The join store ${otherStoreName} value`);
  const buffer = <T>(name: string, serde: Serde<T>) =>
    configured(
      Stores.windowStoreBuilder(name, keySerde, valueListSerde(serde), {
        windowSizeMs: windows.beforeMs + windows.afterMs,
        retentionMs: windows.retentionMs(),
      }),
      streamJoined,
    );
  topology.addStateStore(buffer(thisStoreName, valueSerde), thisWindowed, otherJoin);
  topology.addStateStore(buffer(otherStoreName, otherValueSerde), otherWindowed, thisJoin);
  if (outerStoreName !== undefined) {
    // Java keeps waiting records (in a key-value store) until they are emitted. Under its rule for when to look for
    // closed ones, a record waits at most 2 × (reach + grace) of stream time after the newest put, so that is kept.
    const waiting = Stores.windowStoreBuilder(outerStoreName, keySerde, unmatchedSerde(valueSerde, otherValueSerde), {
      windowSizeMs: windows.beforeMs + windows.afterMs,
      retentionMs: 2 * windows.retentionMs(),
    });
    topology.addStateStore(configured(waiting, streamJoined), thisJoin, otherJoin);
  }
  topology.addCopartitionGroup([parts.thisNode, parts.otherNode]);
  return merge;
}

function configured<S extends StateStore>(
  builder: StoreBuilder<S>,
  streamJoined: StreamJoined<unknown, unknown, unknown> | undefined,
): StoreBuilder<S> {
  const stored = streamJoined?.inMemory ? builder.withInMemory() : builder;
  return streamJoined?.loggingEnabled === false ? stored.withLoggingDisabled() : stored;
}

type Names = [sink: string, filter: string, source: string];

/**
 * Re-keys one side of a join through `<base>-repartition` before joining (Java's repartitionForJoin): nodes
 * get generated names when `base` is a generated node name, else `<topic>-sink`, `-filter` and `-source`.
 * Returns the source node reading the topic back.
 */
export function addJoinRepartition<K, V>(
  context: BuildContext,
  parentNode: string,
  base: string,
  keySerde: Serde<K> | undefined,
  valueSerde: Serde<V> | undefined,
): string {
  const topic = `${base}-repartition`;
  // Kafka Streams consumes the three numbers even when the names are derived from the topic.
  const generated: Names = [
    context.newName('KSTREAM-SINK-'),
    context.newName('KSTREAM-FILTER-'),
    context.newName('KSTREAM-SOURCE-'),
  ];
  const [sink, filter, source]: Names = /^KSTREAM.*-[0-9]{10}$/.test(base)
    ? generated
    : [`${topic}-sink`, `${topic}-filter`, `${topic}-source`];
  const serdes = { keySerde: keySerde ?? context.defaultKeySerde, valueSerde: valueSerde ?? context.defaultValueSerde };
  const { topology } = context;
  topology.addInternalTopic({ name: topic, kind: 'repartition' });
  topology.addProcessor(filter, passThroughProcessor(), parentNode);
  topology.addInternalSink(sink, topic, serdes, filter);
  topology.addInternalSource(source, topic, serdes);
  return source;
}
