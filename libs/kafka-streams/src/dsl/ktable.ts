// KTable<K, V>: a changelog stream, the latest value per key (Java: KTable). Updates flow downstream as
// records whose null value is a tombstone. Tables from aggregations, joins given a Materialized, and
// builder.table() are materialized (they name their store); a table-table join materializes the others.
import type { Serde } from '../serde/serde.js';
import type { KeyValue } from '../state/store.js';
import type { Windowed } from '../windows/window.js';
import type { BuildContext } from '../internal/dsl/build-context.js';
import type { Grouped } from './grouped.js';
import { KGroupedTable } from './kgrouped-table.js';
import { keyValueSerde } from '../internal/dsl/key-value-serde.js';
import { KStream } from './kstream.js';
import { Materialized } from './materialized.js';
import type { Named } from './options.js';
import type { Untyped } from '../internal/dsl/processors/stateful.js';
import { suppressProcessor, windowEndOf } from '../internal/dsl/processors/suppress.js';
import { suppressionBufferBuilder } from '../internal/dsl/processors/suppression-buffer.js';
import { requireSerde } from '../internal/dsl/store-support.js';
import { tableGroupByProcessor } from '../internal/dsl/processors/table-group-by.js';
import { tableJoinMergeProcessor } from '../internal/dsl/processors/table-materialize.js';
import { tableToStreamProcessor } from '../internal/dsl/processors/table-source.js';
import { tableFilterProcessor, tableMapValuesProcessor } from '../internal/dsl/processors/table-operators.js';
import { tableTableJoinProcessor } from '../internal/dsl/processors/table-table-join.js';
import { tableTransformValuesProcessor } from '../internal/dsl/processors/table-transform-values.js';
import type { ValueTransformerWithKeySupplier } from '../processor/value-transformer.js';
import type { Suppressed } from './suppressed.js';
import { addTableStore, materializeTable, type MaterializedTable } from '../internal/dsl/table-materialization.js';
import { OldValues, SourceOldValues } from '../internal/dsl/table-old-values.js';
import { addForeignKeyJoin } from '../internal/dsl/foreign-key-join.js';
import { joinTimestampsSerde } from '../internal/dsl/table-join-timestamps.js';
import { TableJoined } from './table-joined.js';

/** @internal What a table knows about its state and windows. */
export interface TableState {
  /** The store holding the table's current state, when materialized (joins need it). */
  readonly storeName: string | undefined;
  /** Set for windowed tables: how long after a window's end it closes (its grace; for sessions gap + grace). */
  readonly windowGraceMs?: number;
  /** Whether its updates carry old values; absent for aggregations, which know each key's previous aggregate. */
  readonly oldValues?: OldValues;
  /**
   * Its output is versioned (Java: isOutputVersioned): materialized in a versioned store, or derived without a
   * store of its own from a versioned table.
   */
  readonly versioned?: boolean;
}

/** Which keys of a table-table join have a row: left - those of this table, right - those of the other. */
interface JoinOuterness {
  readonly left: boolean;
  readonly right: boolean;
}

export class KTable<K, V> {
  private materialization: MaterializedTable | undefined;
  private readonly oldValues: OldValues;

  /** @internal */
  constructor(
    private readonly context: BuildContext,
    readonly nodeName: string,
    private readonly keySerde: Serde<K> | undefined,
    private readonly valueSerde: Serde<V> | undefined,
    /** @internal */
    readonly state: TableState = { storeName: undefined },
  ) {
    this.oldValues = state.oldValues ?? OldValues.ofStore();
  }

  /** The table's updates as a stream: every update, and a null value for each delete. */
  toStream(named?: Named): KStream<K, V> {
    const name = this.context.nameOr(named?.name, 'KTABLE-TOSTREAM-');
    this.context.topology.addProcessor(name, tableToStreamProcessor(), this.nodeName);
    return new KStream<K, V>(this.context, name, this.keySerde, this.valueSerde);
  }

  /**
   * Keeps rows for which the predicate holds; an update that fails it deletes the key from the result.
   * With a Materialized the result is kept in a store (queryable when named).
   */
  filter(predicate: (key: K, value: V) => boolean, named?: Named): KTable<K, V>;
  filter(predicate: (key: K, value: V) => boolean, materialized: Materialized<K, V>): KTable<K, V>;
  filter(predicate: (key: K, value: V) => boolean, named: Named, materialized: Materialized<K, V>): KTable<K, V>;
  filter(
    predicate: (key: K, value: V) => boolean,
    namedOrMaterialized?: Named | Materialized<K, V>,
    materialized?: Materialized<K, V>,
  ): KTable<K, V> {
    return this.filterWith(predicate, false, tableOptions(namedOrMaterialized, materialized));
  }

  filterNot(predicate: (key: K, value: V) => boolean, named?: Named): KTable<K, V>;
  filterNot(predicate: (key: K, value: V) => boolean, materialized: Materialized<K, V>): KTable<K, V>;
  filterNot(predicate: (key: K, value: V) => boolean, named: Named, materialized: Materialized<K, V>): KTable<K, V>;
  filterNot(
    predicate: (key: K, value: V) => boolean,
    namedOrMaterialized?: Named | Materialized<K, V>,
    materialized?: Materialized<K, V>,
  ): KTable<K, V> {
    return this.filterWith(predicate, true, tableOptions(namedOrMaterialized, materialized));
  }

  /** New values, same keys; with a Materialized the result is kept in a store (and gets its value serde). */
  mapValues<VR>(mapper: (value: V, key: K) => VR, named?: Named): KTable<K, VR>;
  mapValues<VR>(mapper: (value: V, key: K) => VR, materialized: Materialized<K, NoInfer<VR>>): KTable<K, VR>;
  mapValues<VR>(
    mapper: (value: V, key: K) => VR,
    named: Named,
    materialized: Materialized<K, NoInfer<VR>>,
  ): KTable<K, VR>;
  mapValues<VR>(
    mapper: (value: V, key: K) => VR,
    namedOrMaterialized?: Named | Materialized<K, VR>,
    materialized?: Materialized<K, VR>,
  ): KTable<K, VR> {
    const options = tableOptions(namedOrMaterialized, materialized);
    const storeName = this.storeNameFor(options.materialized, 'KTABLE-MAPVALUES-');
    const oldValues = storeName === undefined ? OldValues.derived(this.oldValues) : OldValues.ofStore();
    return this.add<VR>(
      'KTABLE-MAPVALUES-',
      options,
      { storeName, oldValues },
      tableMapValuesProcessor(mapper, oldValues, storeName),
      options.materialized?.valueSerde,
    );
  }

  /**
   * New values from a transformer made per task (Java: transformValues), which may use the named state stores
   * (added to the topology and connected to this node) and punctuators. It also gets deletes (null). With a
   * Materialized naming a store, the results are kept in it (queryable); without a name, Materialized only gives
   * the serdes (as Java, which materializes only a named store).
   */
  transformValues<VR>(supplier: ValueTransformerWithKeySupplier<K, V, VR>, ...stateStoreNames: string[]): KTable<K, VR>;
  transformValues<VR>(
    supplier: ValueTransformerWithKeySupplier<K, V, VR>,
    named: Named,
    ...stateStoreNames: string[]
  ): KTable<K, VR>;
  transformValues<VR>(
    supplier: ValueTransformerWithKeySupplier<K, V, VR>,
    materialized: Materialized<K, NoInfer<VR>>,
    ...stateStoreNames: string[]
  ): KTable<K, VR>;
  transformValues<VR>(
    supplier: ValueTransformerWithKeySupplier<K, V, VR>,
    materialized: Materialized<K, NoInfer<VR>>,
    named: Named,
    ...stateStoreNames: string[]
  ): KTable<K, VR>;
  transformValues<VR>(
    supplier: ValueTransformerWithKeySupplier<K, V, VR>,
    ...rest: Array<string | Named | Materialized<K, VR>>
  ): KTable<K, VR> {
    const materialized = rest.find((r): r is Materialized<K, VR> => r instanceof Materialized);
    const named = rest.find((r): r is Named => typeof r !== 'string' && !(r instanceof Materialized));
    const stores = rest.filter((r): r is string => typeof r === 'string');
    const storeName = materialized?.storeName;
    const oldValues = storeName === undefined ? OldValues.derived(this.oldValues) : OldValues.ofStore();
    const table = this.add<VR>(
      'KTABLE-TRANSFORMVALUES-',
      { named, materialized },
      { storeName, oldValues },
      tableTransformValuesProcessor(supplier, oldValues, storeName),
      materialized?.valueSerde,
    );
    if (stores.length > 0)
      this.context.topology.connectProcessorAndStateStores(...stores.map((s) => [table.nodeName, s] as const));
    return table;
  }

  /**
   * Holds back updates in a buffer kept in the store `<name>-store` (else `KTABLE-SUPPRESS-STATE-STORE-<n>`), with a
   * changelog of its own: `untilWindowCloses` emits each window's final value once its window closes (end + grace,
   * plus the gap for sessions, <= stream time; windowed tables only), `untilTimeLimit` each key's latest value once
   * stream time is the limit past the key's first buffered update. Needs the table's key and value serdes.
   */
  suppress(suppressed: Suppressed): KTable<K, V> {
    if (this.state.versioned === true) {
      this.context.topology.reportProblem(
        'suppress() is only supported for non-versioned KTables (note that version semantics might be inherited from upstream)',
      );
    }
    const grace = this.state.windowGraceMs;
    const untilWindowCloses = suppressed.kind === 'until-window-closes';
    if (untilWindowCloses && grace === undefined) {
      this.context.topology.reportProblem(
        'suppress(Suppressed.untilWindowCloses()) needs a windowed table (from windowedBy(...) aggregations)',
      );
    }
    const name = this.context.nameOr(suppressed.name, 'KTABLE-SUPPRESS-');
    const storeName =
      suppressed.name === undefined ? this.context.newName('KTABLE-SUPPRESS-STATE-STORE-') : `${suppressed.name}-store`;
    const label = `The suppress buffer ${storeName}`;
    const supplier = suppressProcessor({
      storeName,
      keySerde: requireSerde(this.context, this.keySerde, `${label} key`),
      valueSerde: requireSerde(this.context, this.valueSerde, `${label} value`),
      ...(untilWindowCloses ? { windowEnd: (key: K) => windowEndOf(key as Windowed<unknown>) } : {}),
      durationMs: untilWindowCloses ? (grace ?? 0) : suppressed.timeToWaitForMoreEventsMs,
      bufferConfig: suppressed.bufferConfig,
      dropTombstones: untilWindowCloses,
    });
    this.context.topology.addProcessor(name, supplier, this.nodeName);
    this.context.topology.addStateStore(suppressionBufferBuilder(storeName), name);
    // The suppress buffer keeps new values only: what it emits carries no old value.
    const oldValues = OldValues.never();
    return new KTable(
      this.context,
      name,
      this.keySerde,
      this.valueSerde,
      grace === undefined
        ? { storeName: undefined, oldValues }
        : { storeName: undefined, windowGraceMs: grace, oldValues },
    );
  }

  /**
   * Foreign-key join (KIP-213): each row of this table joins the other table's row whose key its value names
   * (`foreignKeyExtractor`); rows without a foreign row have no result. Updates on either side update the result,
   * also when a row moves to another foreign key. Goes through two internal topics (subscriptions keyed by the
   * foreign key, answers keyed by this table's key), so the tables need not be co-partitioned. `tableJoined` gives
   * the partitioners of those topics (when a table's topic is not partitioned by the default partitioner) and a
   * name; the extractor may read the key too (KIP-1104).
   */
  join<KO, VO, VR>(
    other: KTable<KO, VO>,
    foreignKeyExtractor: (value: V, key: K) => KO,
    joiner: (value: V, foreignValue: VO) => VR,
    tableJoined: TableJoined<K, NoInfer<KO>>,
    materialized?: Materialized<K, NoInfer<VR>>,
  ): KTable<K, VR>;
  /** Foreign-key join without TableJoined options. */
  join<KO, VO, VR>(
    other: KTable<KO, VO>,
    foreignKeyExtractor: (value: V, key: K) => KO,
    joiner: (value: V, foreignValue: VO) => VR,
    materialized?: Materialized<K, NoInfer<VR>>,
  ): KTable<K, VR>;
  /**
   * Rows for keys both tables have: an update on either side joins it with the other side's current value;
   * a key that loses a side is deleted (tombstone). Both tables must be co-partitioned.
   */
  join<VO, VR>(
    other: KTable<K, VO>,
    joiner: (value: V, otherValue: VO) => VR,
    materialized?: Materialized<K, NoInfer<VR>>,
  ): KTable<K, VR>;
  join<VO, VR>(
    other: KTable<K, VO>,
    joiner: (value: V, otherValue: VO) => VR,
    named: Named,
    materialized?: Materialized<K, NoInfer<VR>>,
  ): KTable<K, VR>;
  join<VO, VR, KO>(
    other: KTable<K, VO> | KTable<KO, VO>,
    joinerOrExtractor: ((value: V, otherValue: VO) => VR) | ((value: V, key: K) => KO),
    third?: Named | Materialized<K, VR> | ((value: V, foreignValue: VO) => VR),
    fourth?: Materialized<K, VR> | TableJoined<K, KO>,
    fifth?: Materialized<K, VR>,
  ): KTable<K, VR> {
    if (typeof third === 'function') {
      const joinForeign = (value: V | null, foreignValue: VO | null) => third(value as V, foreignValue as VO);
      const extractor = joinerOrExtractor as (value: V, key: K) => KO;
      const options = foreignKeyJoinOptions(fourth, fifth);
      return this.foreignKeyJoin(other as KTable<KO, VO>, extractor, joinForeign, false, options);
    }
    const materialized = fourth as Materialized<K, VR> | undefined;
    const joiner = joinerOrExtractor as (value: V, otherValue: VO) => VR;
    const namedOrMaterialized = third;
    const joinBoth = (value: V | null, otherValue: VO | null) => joiner(value as V, otherValue as VO);
    return this.joinWith(
      other as KTable<K, VO>,
      joinBoth,
      { left: false, right: false },
      tableOptions(namedOrMaterialized, materialized),
    );
  }

  /**
   * Foreign-key left join (KIP-213): every row of this table, joined with its foreign row or null (also when the
   * extractor gives null). `tableJoined`: partitioners of the internal topics and a name, as for `join`.
   */
  leftJoin<KO, VO, VR>(
    other: KTable<KO, VO>,
    foreignKeyExtractor: (value: V, key: K) => KO | null,
    joiner: (value: V, foreignValue: VO | null) => VR,
    tableJoined: TableJoined<K, NoInfer<KO>>,
    materialized?: Materialized<K, NoInfer<VR>>,
  ): KTable<K, VR>;
  /** Foreign-key left join without TableJoined options. */
  leftJoin<KO, VO, VR>(
    other: KTable<KO, VO>,
    foreignKeyExtractor: (value: V, key: K) => KO | null,
    joiner: (value: V, foreignValue: VO | null) => VR,
    materialized?: Materialized<K, NoInfer<VR>>,
  ): KTable<K, VR>;
  /** Rows for every key of this table, joined with the other table's value or null. */
  leftJoin<VO, VR>(
    other: KTable<K, VO>,
    joiner: (value: V, otherValue: VO | null) => VR,
    materialized?: Materialized<K, NoInfer<VR>>,
  ): KTable<K, VR>;
  leftJoin<VO, VR>(
    other: KTable<K, VO>,
    joiner: (value: V, otherValue: VO | null) => VR,
    named: Named,
    materialized?: Materialized<K, NoInfer<VR>>,
  ): KTable<K, VR>;
  leftJoin<VO, VR, KO>(
    other: KTable<K, VO> | KTable<KO, VO>,
    joinerOrExtractor: ((value: V, otherValue: VO | null) => VR) | ((value: V, key: K) => KO | null),
    third?: Named | Materialized<K, VR> | ((value: V, foreignValue: VO | null) => VR),
    fourth?: Materialized<K, VR> | TableJoined<K, KO>,
    fifth?: Materialized<K, VR>,
  ): KTable<K, VR> {
    if (typeof third === 'function') {
      const joinForeign = (value: V | null, foreignValue: VO | null) => third(value as V, foreignValue);
      const extractor = joinerOrExtractor as (value: V, key: K) => KO;
      const options = foreignKeyJoinOptions(fourth, fifth);
      return this.foreignKeyJoin(other as KTable<KO, VO>, extractor, joinForeign, true, options);
    }
    const materialized = fourth as Materialized<K, VR> | undefined;
    const joiner = joinerOrExtractor as (value: V, otherValue: VO | null) => VR;
    const namedOrMaterialized = third;
    const joinLeft = (value: V | null, otherValue: VO | null) => joiner(value as V, otherValue);
    return this.joinWith(
      other as KTable<K, VO>,
      joinLeft,
      { left: true, right: false },
      tableOptions(namedOrMaterialized, materialized),
    );
  }

  /** Rows for every key of either table; the missing side is null. */
  outerJoin<VO, VR>(
    other: KTable<K, VO>,
    joiner: (value: V | null, otherValue: VO | null) => VR,
    materialized?: Materialized<K, NoInfer<VR>>,
  ): KTable<K, VR>;
  outerJoin<VO, VR>(
    other: KTable<K, VO>,
    joiner: (value: V | null, otherValue: VO | null) => VR,
    named: Named,
    materialized?: Materialized<K, NoInfer<VR>>,
  ): KTable<K, VR>;
  outerJoin<VO, VR>(
    other: KTable<K, VO>,
    joiner: (value: V | null, otherValue: VO | null) => VR,
    namedOrMaterialized?: Named | Materialized<K, VR>,
    materialized?: Materialized<K, VR>,
  ): KTable<K, VR> {
    return this.joinWith(other, joiner, { left: true, right: true }, tableOptions(namedOrMaterialized, materialized));
  }

  /**
   * Groups the rows by a new key and value for count/reduce/aggregate. The grouped records always go through
   * `<applicationId>-<name>-repartition` (name from Grouped, else the aggregate's store name).
   */
  groupBy<KR, VR>(
    selector: (key: K, value: V) => KeyValue<KR, VR>,
    grouped: Grouped<KR, VR> = {},
  ): KGroupedTable<KR, VR> {
    const { context } = this;
    const selectName = context.nameOr(grouped.name, 'KTABLE-SELECT-');
    const sentStore = `${selectName}-store`;
    const keySerde = grouped.keySerde ?? (context.defaultKeySerde as Serde<KR> | undefined);
    const valueSerde = grouped.valueSerde ?? (context.defaultValueSerde as Serde<VR> | undefined);
    // The selections it sent are in its own store, but as in Java the table is asked for old values (and a
    // source table thereby materialized): other operators on it see the same changes as in Java.
    this.oldValues.enable(true);
    const select = tableGroupByProcessor(selector, sentStore, sameKey(keySerde));
    context.topology.addProcessor(selectName, select, this.nodeName);
    addTableStore(context, {
      storeName: sentStore,
      processorName: selectName,
      keySerde: this.keySerde,
      valueSerde: keySerde && valueSerde && keyValueSerde(keySerde, valueSerde),
      purpose: `what groupBy ${selectName} last sent per key; give Grouped.with({ keySerde, valueSerde })`,
    });
    return new KGroupedTable<KR, VR>(context, selectName, keySerde, valueSerde, grouped);
  }

  /**
   * @internal The table with its current state in a key-value store: itself when it has one, else (once
   * per table) a node after it writing each update to a new logged store. Joins attach to `nodeName`.
   */
  ensureMaterialized(): MaterializedTable {
    const { storeName } = this.state;
    if (storeName !== undefined && this.oldValues instanceof SourceOldValues) this.oldValues.materialize();
    this.materialization ??=
      storeName === undefined
        ? materializeTable(this.context, this.nodeName, this.keySerde, this.valueSerde)
        : { nodeName: this.nodeName, storeName, oldValues: this.oldValues };
    return this.materialization;
  }

  private foreignKeyJoin<KO, VO, VR>(
    other: KTable<KO, VO>,
    foreignKeyOf: (value: V, key: K) => KO,
    joiner: (value: V | null, foreignValue: VO | null) => VR,
    leftJoin: boolean,
    { tableJoined, materialized }: ForeignKeyJoinOptions<K, KO, VR>,
  ): KTable<K, VR> {
    if (this.state.versioned === true || other.state.versioned === true) {
      this.context.topology.reportProblem('foreign-key joins of versioned tables are not supported yet');
    }
    // As Java: the left side needs old values (a row leaving its foreign key unsubscribes from it).
    this.oldValues.enable(true);
    const left = this.ensureMaterialized();
    left.oldValues.enable(true);
    const right = other.ensureMaterialized();
    const result = addForeignKeyJoin<K, V, KO, VO, VR>({
      context: this.context,
      left,
      right,
      keySerde: this.keySerde,
      valueSerde: this.valueSerde,
      foreignKeySerde: other.keySerde,
      foreignValueSerde: other.valueSerde,
      foreignKeyOf,
      joiner,
      leftJoin,
      materialized,
      tableJoined,
    });
    const keySerde = materialized?.keySerde ?? this.keySerde;
    return new KTable<K, VR>(this.context, result.nodeName, keySerde, materialized?.valueSerde, {
      storeName: result.storeName,
      oldValues: result.oldValues,
    });
  }

  private joinWith<VO, VR>(
    other: KTable<K, VO>,
    joiner: (value: V | null, otherValue: VO | null) => VR,
    outer: JoinOuterness,
    { named, materialized }: TableOptions<K, VR>,
  ): KTable<K, VR> {
    const { context } = this;
    const { topology } = context;
    const left = this.ensureMaterialized();
    const right = other.ensureMaterialized();
    // As Java: an outer side's table sends old values, so a side can tell a delete of a row from one of nothing.
    if (outer.left) left.oldValues.enable(true);
    if (outer.right) right.oldValues.enable(true);
    const bothSides = (): void => {
      left.oldValues.enable(true);
      right.oldValues.enable(true);
    };
    const thisOldValues = OldValues.by(bothSides);
    const otherOldValues = OldValues.by(bothSides);
    const mergeOldValues = OldValues.by(() => {
      thisOldValues.enable(true);
      otherOldValues.enable(true);
    });
    const storeName = this.storeNameFor(materialized, 'KTABLE-MERGE-');
    // Java's names: KTABLE-MERGE-n, KTABLE-JOINTHIS-n+1, KTABLE-JOINOTHER-n+2, or <name>, <name>-join-this/-other.
    const mergeName = context.nameOr(named?.name, 'KTABLE-MERGE-');
    const thisName = named ? `${named.name}-join-this` : context.newName('KTABLE-JOINTHIS-');
    const otherName = named ? `${named.name}-join-other` : context.newName('KTABLE-JOINOTHER-');
    const timestampsStoreName = `${mergeName}-timestamps`;
    const thisSide = tableTableJoinProcessor<K, V, VO, VR>({
      otherStoreName: right.storeName,
      joiner,
      keepWithoutOther: outer.left,
      keepWithoutThis: outer.right,
      oldValues: thisOldValues,
      timestampsStoreName,
      isThisSide: true,
    });
    const otherSide = tableTableJoinProcessor<K, VO, V, VR>({
      otherStoreName: left.storeName,
      joiner: (otherValue, value) => joiner(value, otherValue),
      keepWithoutOther: outer.right,
      keepWithoutThis: outer.left,
      oldValues: otherOldValues,
      timestampsStoreName,
      isThisSide: false,
    });
    topology.addProcessor(thisName, thisSide, left.nodeName);
    topology.addProcessor(otherName, otherSide, right.nodeName);
    topology.connectProcessorAndStateStores([thisName, right.storeName], [otherName, left.storeName]);
    addTableStore(context, {
      storeName: timestampsStoreName,
      processorName: thisName,
      keySerde: this.keySerde,
      valueSerde: joinTimestampsSerde,
      purpose: `the row timestamps of join ${mergeName}`,
    });
    topology.connectProcessorAndStateStores([otherName, timestampsStoreName]);
    topology.addProcessor(mergeName, tableJoinMergeProcessor(storeName, mergeOldValues), thisName, otherName);
    const keySerde = materialized?.keySerde ?? this.keySerde;
    const valueSerde = materialized?.valueSerde;
    if (storeName !== undefined) {
      addTableStore(context, {
        storeName,
        processorName: mergeName,
        keySerde,
        valueSerde,
        materialized,
        versionable: true,
      });
    }
    topology.addCopartitionGroup([left.nodeName, right.nodeName]);
    const versioned = materialized?.versionedStore !== undefined;
    return new KTable<K, VR>(context, mergeName, keySerde, valueSerde, {
      storeName,
      oldValues: mergeOldValues,
      versioned,
    });
  }

  private filterWith(
    predicate: (key: K, value: V) => boolean,
    negate: boolean,
    options: TableOptions<K, V>,
  ): KTable<K, V> {
    const storeName = this.storeNameFor(options.materialized, 'KTABLE-FILTER-');
    const oldValues = storeName === undefined ? OldValues.derived(this.oldValues) : OldValues.ofStore();
    // As Java: when the parent already can (it is materialized), the filter sends old values, so an update
    // failing the filter sends no tombstone for a key that had no row.
    if (this.oldValues.enable(false)) oldValues.enable(false);
    const supplier = tableFilterProcessor(predicate, negate, oldValues, storeName, this.state.versioned === true);
    return this.add(
      'KTABLE-FILTER-',
      options,
      { storeName, oldValues },
      supplier,
      options.materialized?.valueSerde ?? this.valueSerde,
    );
  }

  /** The store of an operator given a Materialized: its name, else `<prefix>STATE-STORE-<n>` (as Java). */
  private storeNameFor(materialized: Materialized<K, unknown> | undefined, prefix: string): string | undefined {
    if (materialized === undefined) return undefined;
    return materialized.storeName ?? this.context.newName(`${prefix}STATE-STORE-`);
  }

  private add<VR>(
    prefix: string,
    { named, materialized }: TableOptions<K, VR>,
    { storeName, oldValues }: { readonly storeName: string | undefined; readonly oldValues: OldValues },
    supplier: Untyped,
    valueSerde: Serde<VR> | undefined,
  ): KTable<K, VR> {
    const name = this.context.nameOr(named?.name, prefix);
    this.context.topology.addProcessor(name, supplier, this.nodeName);
    const keySerde = materialized?.keySerde ?? this.keySerde;
    if (storeName !== undefined) {
      addTableStore(this.context, {
        storeName,
        processorName: name,
        keySerde,
        valueSerde,
        materialized,
        versionable: true,
      });
    }
    return new KTable<K, VR>(this.context, name, keySerde, valueSerde, {
      storeName,
      oldValues,
      ...(this.state.windowGraceMs === undefined ? {} : { windowGraceMs: this.state.windowGraceMs }),
      versioned: storeName === undefined ? this.state.versioned === true : materialized?.versionedStore !== undefined,
    });
  }
}

/** Whether two grouping keys are the same group: equal, or equal once serialized (object keys). */
function sameKey<K>(keySerde: Serde<K> | undefined): (a: K, b: K) => boolean {
  return (a, b) => {
    if (Object.is(a, b)) return true;
    const bytesA = keySerde?.serialize('groupBy', a);
    const bytesB = keySerde?.serialize('groupBy', b);
    return bytesA !== null && bytesA !== undefined && bytesB !== null && bytesB !== undefined && bytesA.equals(bytesB);
  };
}

interface TableOptions<K, V> {
  readonly named: Named | undefined;
  readonly materialized: Materialized<K, V> | undefined;
}

/** Sorts an operator's optional (Named | Materialized, Materialized) arguments. */
function tableOptions<K, V>(
  namedOrMaterialized: Named | Materialized<K, V> | undefined,
  materialized: Materialized<K, V> | undefined,
): TableOptions<K, V> {
  return namedOrMaterialized instanceof Materialized
    ? { named: undefined, materialized: namedOrMaterialized }
    : { named: namedOrMaterialized, materialized };
}

interface ForeignKeyJoinOptions<K, KO, VR> {
  readonly tableJoined: TableJoined<K, KO> | undefined;
  readonly materialized: Materialized<K, VR> | undefined;
}

/** Sorts a foreign-key join's optional (TableJoined | Materialized, Materialized) arguments. */
function foreignKeyJoinOptions<K, KO, VR>(
  tableJoinedOrMaterialized: TableJoined<K, KO> | Materialized<K, VR> | undefined,
  materialized: Materialized<K, VR> | undefined,
): ForeignKeyJoinOptions<K, KO, VR> {
  return tableJoinedOrMaterialized instanceof TableJoined
    ? { tableJoined: tableJoinedOrMaterialized, materialized }
    : { tableJoined: undefined, materialized: tableJoinedOrMaterialized };
}

/**
 * A table replicated in full on every instance (Java: GlobalKTable), from `builder.globalTable()`. Streams
 * join it with `stream.join(globalTable, keyMapper, joiner)`, looking up any key they compute.
 */
export class GlobalKTable<K, V> {
  declare private readonly types: [K, V];
  /** @internal */
  constructor(
    /** The topic it is read from (every partition, on every instance). */
    readonly topic: string,
    /** The key-value store holding it on every instance: `streams.store(storeName)` queries it. */
    readonly storeName: string,
  ) {}
}
