// KStream<K, V>: an unbounded stream of records (Java: KStream). Each operator adds a node to the topology
// and returns a stream typed by what the operator produces. The stream also remembers the serdes known
// for its key and value, so sinks and repartitions can reuse them while the type is unchanged.
import type { FixedKeyProcessorSupplier, ProcessorSupplier } from '../processor/api.js';
import type { Serde } from '../serde/serde.js';
import type { KeyValue } from '../state/store.js';
import type { TopicNameExtractor } from '../topology/nodes.js';
import type { BuildContext } from '../internal/dsl/build-context.js';
import { BranchedKStream } from './branched-kstream.js';
import type { Grouped } from './grouped.js';
import { GroupedSource, KGroupedStream } from './kgrouped-stream.js';
import { GlobalKTable, KTable } from './ktable.js';
import { streamGlobalJoinProcessor } from '../internal/dsl/processors/stream-global-join.js';
import { GRACE_NEEDS_VERSIONED_TABLE, streamTableJoinProcessor } from '../internal/dsl/processors/stream-table-join.js';
import { joinGraceBufferBuilder } from '../internal/dsl/processors/join-grace-buffer.js';
import { requireSerde } from '../internal/dsl/store-support.js';
import { Joined } from './joined.js';
import {
  filterProcessor,
  fixedKeyProcessor,
  flatMapProcessor,
  flatMapValuesProcessor,
  mapProcessor,
  mapValuesProcessor,
  passThroughProcessor,
  peekProcessor,
  selectKeyProcessor,
  splitProcessor,
  type BranchRoute,
} from '../internal/dsl/operators.js';
import type { Named, Produced, Repartitioned } from './options.js';
import { addJoinRepartition, addStreamStreamJoin, type StreamJoinKind } from '../internal/dsl/stream-stream-join.js';
import type { StreamJoined } from './stream-joined.js';
import { streamToTableProcessor } from '../internal/dsl/processors/table-source.js';
import { OldValues } from '../internal/dsl/table-old-values.js';
import { JoinWindows } from '../windows/join-windows.js';

type Untyped = ProcessorSupplier<unknown, unknown, unknown, unknown>;

export class KStream<K, V> {
  /** @internal */
  constructor(
    private readonly context: BuildContext,
    /** The node this stream's records come out of. */
    readonly nodeName: string,
    private readonly keySerde: Serde<K> | undefined,
    private readonly valueSerde: Serde<V> | undefined,
    /** True after an operator that may change the key: grouping or joining then repartitions first. */
    private readonly keyChanged = false,
  ) {}

  /** Keeps records for which the predicate holds. */
  filter(predicate: (key: K, value: V) => boolean, named?: Named): KStream<K, V> {
    return this.add('KSTREAM-FILTER-', named, filterProcessor(predicate, false), this.keySerde, this.valueSerde);
  }

  /** Drops records for which the predicate holds. */
  filterNot(predicate: (key: K, value: V) => boolean, named?: Named): KStream<K, V> {
    return this.add('KSTREAM-FILTER-', named, filterProcessor(predicate, true), this.keySerde, this.valueSerde);
  }

  /** A new key and value per record (marks the stream for repartitioning before stateful operations). */
  map<KR, VR>(mapper: (key: K, value: V) => KeyValue<KR, VR>, named?: Named): KStream<KR, VR> {
    return this.add('KSTREAM-MAP-', named, mapProcessor(mapper), undefined, undefined, true);
  }

  mapValues<VR>(mapper: (value: V, key: K) => VR, named?: Named): KStream<K, VR> {
    return this.add('KSTREAM-MAPVALUES-', named, mapValuesProcessor(mapper), this.keySerde, undefined);
  }

  /** Zero or more records per input record. */
  flatMap<KR, VR>(mapper: (key: K, value: V) => Iterable<KeyValue<KR, VR>>, named?: Named): KStream<KR, VR> {
    return this.add('KSTREAM-FLATMAP-', named, flatMapProcessor(mapper), undefined, undefined, true);
  }

  flatMapValues<VR>(mapper: (value: V, key: K) => Iterable<VR>, named?: Named): KStream<K, VR> {
    return this.add('KSTREAM-FLATMAPVALUES-', named, flatMapValuesProcessor(mapper), this.keySerde, undefined);
  }

  selectKey<KR>(mapper: (key: K, value: V) => KR, named?: Named): KStream<KR, V> {
    return this.add('KSTREAM-KEY-SELECT-', named, selectKeyProcessor(mapper), undefined, this.valueSerde, true);
  }

  /** Runs a side effect per record and passes the record on. */
  peek(action: (key: K, value: V) => void, named?: Named): KStream<K, V> {
    return this.add('KSTREAM-PEEK-', named, peekProcessor(action, true), this.keySerde, this.valueSerde);
  }

  /** Runs a side effect per record; a terminal operation. */
  foreach(action: (key: K, value: V) => void, named?: Named): void {
    this.add('KSTREAM-FOREACH-', named, peekProcessor(action, false), this.keySerde, this.valueSerde);
  }

  /** Splits the stream into branches; `named` is the prefix of the branch names. */
  split<P extends string = string>(named?: Named<P>): BranchedKStream<K, V, P, object> {
    const splitterName = this.context.nameOr(named?.name, 'KSTREAM-BRANCH-');
    const routes: BranchRoute<K, V>[] = [];
    let defaultChild: string | undefined;
    this.context.topology.addProcessor(
      splitterName,
      splitProcessor(routes, () => defaultChild),
      this.nodeName,
    );
    return new BranchedKStream<K, V, P, object>(
      this.context,
      splitterName,
      splitterName,
      routes,
      (child) => (defaultChild = child),
      this.keySerde,
      this.valueSerde,
    );
  }

  /** Both streams' records, interleaved by timestamp when they come from different partitions of a task. */
  merge(other: KStream<K, V>, named?: Named): KStream<K, V> {
    const name = this.context.nameOr(named?.name, 'KSTREAM-MERGE-');
    this.context.topology.addProcessor(name, passThroughProcessor(), this.nodeName, other.nodeName);
    return new KStream<K, V>(
      this.context,
      name,
      this.keySerde === other.keySerde ? this.keySerde : undefined,
      this.valueSerde === other.valueSerde ? this.valueSerde : undefined,
      this.keyChanged || other.keyChanged,
    );
  }

  /**
   * Writes the stream through an internal topic `<applicationId>-<name>-repartition` and reads it back in a
   * new sub-topology, so records are partitioned by their current key.
   */
  repartition<KS extends K = K, VS extends V = V>(repartitioned: Repartitioned<KS, VS> = {}): KStream<K, V> {
    const base = this.context.nameOr(repartitioned.name, 'KSTREAM-REPARTITION-');
    const topic = `${base}-repartition`;
    const keySerde = (repartitioned.keySerde as Serde<K> | undefined) ?? this.keySerde ?? this.context.defaultKeySerde;
    const valueSerde =
      (repartitioned.valueSerde as Serde<V> | undefined) ?? this.valueSerde ?? this.context.defaultValueSerde;
    const { topology } = this.context;
    const spec = repartitioned.numberOfPartitions === undefined ? {} : { partitions: repartitioned.numberOfPartitions };
    topology.addInternalTopic({ name: topic, kind: 'repartition', ...spec });
    topology.addProcessor(`${base}-repartition-filter`, passThroughProcessor(), this.nodeName);
    topology.addInternalSink(
      `${base}-repartition-sink`,
      topic,
      { keySerde, valueSerde, partitioner: repartitioned.partitioner as Produced<unknown, unknown>['partitioner'] },
      `${base}-repartition-filter`,
    );
    topology.addInternalSource(`${base}-repartition-source`, topic, { keySerde, valueSerde });
    return new KStream<K, V>(this.context, `${base}-repartition-source`, keySerde as Serde<K>, valueSerde as Serde<V>);
  }

  /** Writes the stream to a topic, or to the topic the extractor picks per record. */
  to(topic: string | TopicNameExtractor<K, V>, produced: Produced<K, V> = {}): void {
    const name = this.context.nameOr(produced.name, 'KSTREAM-SINK-');
    this.context.topology.addSink<K, V>(
      name,
      topic,
      {
        keySerde: produced.keySerde ?? this.keySerde ?? this.context.defaultKeySerde,
        valueSerde: produced.valueSerde ?? this.valueSerde ?? this.context.defaultValueSerde,
        partitioner: produced.partitioner,
      },
      this.nodeName,
    );
  }

  /** Runs a Processor API processor; `storeNames` are the state stores it may use. */
  process<KR, VR>(supplier: ProcessorSupplier<K, V, KR, VR>, ...storeNames: string[]): KStream<KR, VR>;
  process<KR, VR>(supplier: ProcessorSupplier<K, V, KR, VR>, named: Named, ...storeNames: string[]): KStream<KR, VR>;
  process<KR, VR>(supplier: ProcessorSupplier<K, V, KR, VR>, ...rest: Array<string | Named>): KStream<KR, VR> {
    const { named, stores } = splitNamed(rest);
    const stream = this.add<KR, VR>('KSTREAM-PROCESSOR-', named, supplier as Untyped, undefined, undefined, true);
    this.connectStores(stream.nodeName, stores);
    return stream;
  }

  /** Runs a FixedKeyProcessor: it may change values only, so the key serde is kept. */
  processValues<VR>(supplier: FixedKeyProcessorSupplier<K, V, VR>, ...storeNames: string[]): KStream<K, VR>;
  processValues<VR>(
    supplier: FixedKeyProcessorSupplier<K, V, VR>,
    named: Named,
    ...storeNames: string[]
  ): KStream<K, VR>;
  processValues<VR>(supplier: FixedKeyProcessorSupplier<K, V, VR>, ...rest: Array<string | Named>): KStream<K, VR> {
    const { named, stores } = splitNamed(rest);
    const stream = this.add<K, VR>(
      'KSTREAM-PROCESSVALUES-',
      named,
      fixedKeyProcessor(supplier),
      this.keySerde,
      undefined,
    );
    this.connectStores(stream.nodeName, stores);
    return stream;
  }

  /** The stream as a changelog: the latest value per key. */
  toTable(named?: Named): KTable<K, V> {
    const name = this.context.nameOr(named?.name, 'KSTREAM-TOTABLE-');
    this.context.topology.addProcessor(name, streamToTableProcessor(), this.nodeName);
    return new KTable<K, V>(this.context, name, this.keySerde, this.valueSerde, {
      storeName: undefined,
      oldValues: OldValues.never(),
    });
  }

  /** Groups by the current key (repartitioning first when an upstream operator changed it). */
  groupByKey(grouped: Grouped<K, V> = {}): KGroupedStream<K, V> {
    const keySerde = grouped.keySerde ?? this.keySerde;
    const valueSerde = grouped.valueSerde ?? this.valueSerde;
    return new KGroupedStream(
      new GroupedSource<K, V>(this.context, this.nodeName, keySerde, valueSerde, this.keyChanged, grouped),
    );
  }

  /** Groups by a new key: selects it, then repartitions (name it with Grouped.as). */
  groupBy<KR>(selector: (key: K, value: V) => KR, grouped: Grouped<KR, V> = {}): KGroupedStream<KR, V> {
    const selected = this.add<KR, V>(
      'KSTREAM-KEY-SELECT-',
      undefined,
      selectKeyProcessor(selector),
      undefined,
      this.valueSerde,
      true,
    );
    return selected.groupByKey(grouped);
  }

  /**
   * Joins each record with the other stream's records of the same key whose timestamps are within `windows`
   * (in either arrival order); a result's timestamp is the later of the two. Both streams must be
   * co-partitioned: a stream whose key was changed is repartitioned first.
   */
  join<VO, VR>(
    other: KStream<K, VO>,
    joiner: (value: V, otherValue: VO, key: K) => VR,
    windows: JoinWindows,
    streamJoined?: StreamJoined<K, V, VO>,
  ): KStream<K, VR>;
  /**
   * Joins each record with the table's current value for its key (a versioned table: its value as of the
   * record's timestamp); records without one are dropped. `Joined.withGracePeriod` holds records back (versioned
   * tables only).
   */
  join<VT, VR>(
    table: KTable<K, VT>,
    joiner: (value: V, tableValue: VT) => VR,
    named?: Named | Joined<K, V, VT>,
  ): KStream<K, VR>;
  /**
   * Joins each record with the global table's value for the key `keyMapper` computes from it: no
   * co-partitioning, no repartition. Records without a match, with a null value or a null (or undefined)
   * mapped key are dropped.
   */
  join<GK, GV, VR>(
    globalTable: GlobalKTable<GK, GV>,
    keyMapper: (key: K, value: V) => NoInfer<GK> | null | undefined,
    joiner: (value: V, globalValue: NoInfer<GV>) => VR,
    named?: Named,
  ): KStream<K, VR>;
  join<VO, VR>(
    other: KStream<K, VO> | KTable<K, VO> | GlobalKTable<unknown, VO>,
    joiner: ((value: V, otherValue: VO, key: K) => VR) | ((key: K, value: V) => unknown),
    windowsOrNamed?: JoinWindows | Named | Joined<K, V, VO> | ((value: V, globalValue: VO) => VR),
    streamJoined?: StreamJoined<K, V, VO> | Named,
  ): KStream<K, VR> {
    if (other instanceof GlobalKTable) return this.joinGlobal(other, joiner, windowsOrNamed, streamJoined, false);
    if (other instanceof KStream) {
      // An inner join only calls the joiner with both values.
      const both = joiner as (value: V | null, otherValue: VO | null, key: K) => VR;
      return this.joinStream(
        other,
        both,
        windowsOrNamed as JoinWindows | Named | undefined,
        streamJoined as StreamJoined<K, V, VO> | undefined,
        'inner',
      );
    }
    const tableJoiner = joiner as (value: V, tableValue: VO) => VR;
    return this.joinTable(
      other,
      (value, tableValue) => tableJoiner(value, tableValue as VO),
      false,
      windowsOrNamed as Named | Joined<K, V, VO> | undefined,
    );
  }

  /**
   * Like join, but a record without a partner within its window is joined with null, once its window has
   * closed (end + grace passed by stream time), and only then: never when a partner arrives in time.
   */
  leftJoin<VO, VR>(
    other: KStream<K, VO>,
    joiner: (value: V, otherValue: VO | null, key: K) => VR,
    windows: JoinWindows,
    streamJoined?: StreamJoined<K, V, VO>,
  ): KStream<K, VR>;
  /** Like join, but records without a table value are joined with null. */
  leftJoin<VT, VR>(
    table: KTable<K, VT>,
    joiner: (value: V, tableValue: VT | null) => VR,
    named?: Named | Joined<K, V, VT>,
  ): KStream<K, VR>;
  /** Like join, but records without a global table value are joined with null. */
  leftJoin<GK, GV, VR>(
    globalTable: GlobalKTable<GK, GV>,
    keyMapper: (key: K, value: V) => NoInfer<GK> | null | undefined,
    joiner: (value: V, globalValue: NoInfer<GV> | null) => VR,
    named?: Named,
  ): KStream<K, VR>;
  leftJoin<VO, VR>(
    other: KStream<K, VO> | KTable<K, VO> | GlobalKTable<unknown, VO>,
    joiner: ((value: V, otherValue: VO | null, key: K) => VR) | ((key: K, value: V) => unknown),
    windowsOrNamed?: JoinWindows | Named | Joined<K, V, VO> | ((value: V, globalValue: VO | null) => VR),
    streamJoined?: StreamJoined<K, V, VO> | Named,
  ): KStream<K, VR> {
    if (other instanceof GlobalKTable) return this.joinGlobal(other, joiner, windowsOrNamed, streamJoined, true);
    if (other instanceof KStream) {
      // Only records of this side go without a partner in a left join.
      const thisAlwaysSet = joiner as (value: V | null, otherValue: VO | null, key: K) => VR;
      return this.joinStream(
        other,
        thisAlwaysSet,
        windowsOrNamed as JoinWindows | Named | undefined,
        streamJoined as StreamJoined<K, V, VO> | undefined,
        'left',
      );
    }
    const tableJoiner = joiner as (value: V, tableValue: VO | null) => VR;
    return this.joinTable(other, tableJoiner, true, windowsOrNamed as Named | Joined<K, V, VO> | undefined);
  }

  /** Like leftJoin, in both directions: records of either stream without a partner are joined with null. */
  outerJoin<VO, VR>(
    other: KStream<K, VO>,
    joiner: (value: V | null, otherValue: VO | null, key: K) => VR,
    windows: JoinWindows,
    streamJoined?: StreamJoined<K, V, VO>,
  ): KStream<K, VR> {
    return this.joinStream(other, joiner, windows, streamJoined, 'outer');
  }

  /** The KStream-GlobalKTable joins; the arguments are those of the GlobalKTable overloads. */
  private joinGlobal<VO, VR>(
    globalTable: GlobalKTable<unknown, VO>,
    keyMapper: unknown,
    joiner: unknown,
    named: unknown,
    leftJoin: boolean,
  ): KStream<K, VR> {
    const supplier = streamGlobalJoinProcessor<K, V, unknown, VO, VR>(
      globalTable.storeName,
      keyMapper as (key: K, value: V) => unknown,
      joiner as (value: V, globalValue: VO | null) => VR,
      leftJoin,
    );
    const prefix = leftJoin ? 'KSTREAM-LEFTJOIN-' : 'KSTREAM-JOIN-';
    return this.add<K, VR>(prefix, named as Named | undefined, supplier, this.keySerde, undefined);
  }

  private joinStream<VO, VR>(
    other: KStream<K, VO>,
    joiner: (value: V | null, otherValue: VO | null, key: K) => VR,
    windows: JoinWindows | Named | undefined,
    streamJoined: StreamJoined<K, V, VO> | undefined,
    kind: StreamJoinKind,
  ): KStream<K, VR> {
    if (!(windows instanceof JoinWindows)) {
      throw new TypeError(
        'A stream-stream join needs JoinWindows: join(otherStream, joiner, JoinWindows.ofTimeDifferenceAndGrace(...))',
      );
    }
    const name = streamJoined?.name;
    const keySerde = streamJoined?.keySerde ?? this.keySerde ?? other.keySerde;
    const valueSerde = streamJoined?.valueSerde ?? this.valueSerde;
    const otherValueSerde = streamJoined?.otherValueSerde ?? other.valueSerde;
    const thisNode = this.keyChanged
      ? addJoinRepartition(
          this.context,
          this.nodeName,
          name === undefined ? this.nodeName : `${name}-left`,
          keySerde,
          valueSerde,
        )
      : this.nodeName;
    const otherNode = other.keyChanged
      ? addJoinRepartition(
          this.context,
          other.nodeName,
          name === undefined ? other.nodeName : `${name}-right`,
          keySerde,
          otherValueSerde,
        )
      : other.nodeName;
    const merged = addStreamStreamJoin({
      context: this.context,
      thisNode,
      otherNode,
      keySerde,
      valueSerde,
      otherValueSerde,
      windows,
      streamJoined,
      kind,
      joiner,
    });
    return new KStream<K, VR>(this.context, merged, keySerde, undefined);
  }

  private joinTable<VT, VR>(
    table: KTable<K, VT>,
    joiner: (value: V, tableValue: VT | null) => VR,
    leftJoin: boolean,
    options: Named | Joined<K, V, VT> | undefined,
  ): KStream<K, VR> {
    // A table without a store of its own (e.g. toTable(), filter) gets one once, shared by its other joins.
    const { storeName } = table.ensureMaterialized();
    const stream: KStream<K, V> = this.keyChanged ? this.repartition() : this;
    const joined = options instanceof Joined ? options : undefined;
    const name = this.context.nameOr(options?.name, 'KSTREAM-JOIN-');
    const grace = joined?.gracePeriodMs === undefined ? undefined : this.graceBuffer(name, joined, table);
    const supplier = streamTableJoinProcessor<K, V, VT, VR>({ tableStoreName: storeName, joiner, leftJoin, grace });
    const result = stream.add<K, VR>('KSTREAM-JOIN-', { name }, supplier, this.keySerde, undefined);
    this.context.topology.connectProcessorAndStateStores([result.nodeName, storeName]);
    if (grace) {
      this.context.topology.addStateStore(joinGraceBufferBuilder(grace.bufferStoreName, grace.gracePeriodMs), name);
    }
    this.context.topology.addCopartitionGroup([stream.nodeName, table.nodeName]);
    return result;
  }

  /** The grace-period buffer `<join name>-Buffer` of a stream-table join; Java fails the build for an unversioned table. */
  private graceBuffer<VT>(name: string, joined: Joined<K, V, VT>, table: KTable<K, VT>) {
    if (table.state.versioned !== true) this.context.topology.reportProblem(GRACE_NEEDS_VERSIONED_TABLE);
    const label = `The grace-period buffer of join ${name}`;
    const keySerde = joined.keySerde ?? this.keySerde ?? (this.context.defaultKeySerde as Serde<K> | undefined);
    const valueSerde = joined.valueSerde ?? this.valueSerde ?? (this.context.defaultValueSerde as Serde<V> | undefined);
    return {
      bufferStoreName: `${name}-Buffer`,
      gracePeriodMs: joined.gracePeriodMs ?? 0,
      keySerde: requireSerde(this.context, keySerde, `${label} key`),
      valueSerde: requireSerde(this.context, valueSerde, `${label} value`),
    };
  }

  private add<KR, VR>(
    prefix: string,
    named: Named | undefined,
    supplier: Untyped,
    keySerde: Serde<KR> | undefined,
    valueSerde: Serde<VR> | undefined,
    keyChanged = this.keyChanged,
  ): KStream<KR, VR> {
    const name = this.context.nameOr(named?.name, prefix);
    this.context.topology.addProcessor(name, supplier, this.nodeName);
    return new KStream<KR, VR>(this.context, name, keySerde, valueSerde, keyChanged);
  }

  private connectStores(processorName: string, stores: ReadonlyArray<string>): void {
    if (stores.length > 0)
      this.context.topology.connectProcessorAndStateStores(...stores.map((store) => [processorName, store] as const));
  }
}

function splitNamed(rest: ReadonlyArray<string | Named>): { named: Named | undefined; stores: string[] } {
  const [first, ...others] = rest;
  if (first !== undefined && typeof first !== 'string')
    return { named: first, stores: others.filter((s) => typeof s === 'string') };
  return { named: undefined, stores: rest.filter((s) => typeof s === 'string') };
}
