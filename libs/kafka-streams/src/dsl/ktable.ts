// KTable<K, V>: a changelog stream, the latest value per key (Java: KTable). Updates flow downstream as
// records whose null value is a tombstone. Tables from aggregations and builder.table() are materialized
// (they name their store), so streams can join them.
import type { Serde } from '../serde/serde.js';
import type { Windowed } from '../windows/window.js';
import type { BuildContext } from './build-context.js';
import { KStream } from './kstream.js';
import type { Named } from './options.js';
import { passThroughProcessor } from './operators.js';
import { suppressUntilWindowClosesProcessor } from './processors/suppress.js';
import { tableFilterProcessor, tableMapValuesProcessor } from './processors/table-operators.js';
import type { Suppressed } from './suppressed.js';

/** @internal What a table knows about its state and windows. */
export interface TableState {
  /** The store holding the table's current state, when materialized (joins need it). */
  readonly storeName: string | undefined;
  /** Set for windowed tables: the grace of their windows (suppress needs it). */
  readonly windowGraceMs?: number;
}

export class KTable<K, V> {
  /** @internal */
  constructor(
    private readonly context: BuildContext,
    readonly nodeName: string,
    private readonly keySerde: Serde<K> | undefined,
    private readonly valueSerde: Serde<V> | undefined,
    /** @internal */
    readonly state: TableState = { storeName: undefined },
  ) {}

  /** The table's updates as a stream: every update, and a null value for each delete. */
  toStream(named?: Named): KStream<K, V> {
    const name = this.context.nameOr(named?.name, 'KTABLE-TOSTREAM-');
    this.context.topology.addProcessor(name, passThroughProcessor(), this.nodeName);
    return new KStream<K, V>(this.context, name, this.keySerde, this.valueSerde);
  }

  /** Keeps rows for which the predicate holds; an update that fails it deletes the key from the result. */
  filter(predicate: (key: K, value: V) => boolean, named?: Named): KTable<K, V> {
    return this.add('KTABLE-FILTER-', named, tableFilterProcessor(predicate, false), this.valueSerde);
  }

  filterNot(predicate: (key: K, value: V) => boolean, named?: Named): KTable<K, V> {
    return this.add('KTABLE-FILTER-', named, tableFilterProcessor(predicate, true), this.valueSerde);
  }

  mapValues<VR>(mapper: (value: V, key: K) => VR, named?: Named): KTable<K, VR> {
    return this.add<VR>('KTABLE-MAPVALUES-', named, tableMapValuesProcessor(mapper), undefined);
  }

  /**
   * Holds back updates of a windowed table until its windows close (end + grace <= stream time), then
   * emits each window's final value once. Only for tables from windowedBy(...) aggregations.
   */
  suppress(suppressed: Suppressed): KTable<K, V> {
    const grace = this.state.windowGraceMs;
    if (grace === undefined) {
      this.context.topology.reportProblem(
        'suppress(Suppressed.untilWindowCloses()) needs a windowed table (from windowedBy(...) aggregations)',
      );
    }
    const supplier = suppressUntilWindowClosesProcessor(
      grace ?? 0,
      this.keySerde as Serde<Windowed<unknown>> | undefined,
    );
    const name = this.context.nameOr(suppressed.name, 'KTABLE-SUPPRESS-');
    this.context.topology.addProcessor(name, supplier, this.nodeName);
    return new KTable(
      this.context,
      name,
      this.keySerde,
      this.valueSerde,
      grace === undefined ? { storeName: undefined } : { storeName: undefined, windowGraceMs: grace },
    );
  }

  private add<VR>(
    prefix: string,
    named: Named | undefined,
    supplier: ReturnType<typeof passThroughProcessor>,
    valueSerde: Serde<VR> | undefined,
  ): KTable<K, VR> {
    const name = this.context.nameOr(named?.name, prefix);
    this.context.topology.addProcessor(name, supplier, this.nodeName);
    return new KTable<K, VR>(this.context, name, this.keySerde, valueSerde, {
      storeName: undefined,
      ...(this.state.windowGraceMs === undefined ? {} : { windowGraceMs: this.state.windowGraceMs }),
    });
  }
}

/** A table replicated in full on every instance (Java: GlobalKTable). */
export class GlobalKTable<K, V> {
  declare private readonly types: [K, V];
  /** @internal */
  constructor(
    readonly topic: string,
    /** @internal */
    readonly storeName: string,
  ) {}
}
