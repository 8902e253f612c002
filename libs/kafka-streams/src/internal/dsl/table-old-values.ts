// Whether a table node sends old values with its updates (Java: sendOldValues). It is decided while the
// topology is built: an operator that needs them (filter, joins, groupBy) asks its parent table, and the
// request travels upstream to a node that knows each key's previous value. Processors read `enabled` when
// they run, after the whole topology is built.
export class OldValues {
  private sending = false;

  protected constructor(private readonly canSend: (force: boolean) => boolean) {}

  get enabled(): boolean {
    return this.sending;
  }

  /**
   * Asks the node to send old values; true when it will. `force` (Java: forceMaterialization) makes a source
   * table keep them even if nothing had materialized it; without it, only a node that already could agrees.
   */
  enable(force: boolean): boolean {
    if (!this.sending && this.canSend(force)) this.sending = true;
    return this.sending;
  }

  /** A node with a store of its own (an aggregation, a materialized operator): it always can. */
  static ofStore(): OldValues {
    return new OldValues(() => true);
  }

  /** A node that can never tell a key's previous value (toStream().toTable() keeps no store of its own). */
  static never(): OldValues {
    return new OldValues(() => false);
  }

  /** A node computing its change from its parent's (filter, mapValues without a store). */
  static derived(parent: OldValues): OldValues {
    return new OldValues((force) => parent.enable(force));
  }

  /** A node that gets them by asking others (the sides of a table-table join, their merge). */
  static by(request: (force: boolean) => void): OldValues {
    return new OldValues((force) => {
      request(force);
      return true;
    });
  }
}

/**
 * builder.table(): Java materializes a source table only when its Materialized names a store or something
 * reads its state (a join); only then does a filter's request (not forced) succeed.
 */
export class SourceOldValues extends OldValues {
  private constructor(private readonly state: { materialized: boolean }) {
    super((force) => {
      // Java's forceMaterialization: the source keeps a store from then on.
      if (force) state.materialized = true;
      return state.materialized;
    });
  }

  /** Whether Java would give this source table a store (a cached one forwards on flush, as Java's does). */
  get materialized(): boolean {
    return this.state.materialized;
  }

  static of(queryable: boolean): SourceOldValues {
    return new SourceOldValues({ materialized: queryable });
  }

  /** Something reads the table's state (Java: valueGetterSupplier). */
  materialize(): void {
    this.state.materialized = true;
  }
}
