// What flows between table processors (Java: Change): the key's new value and, when the node sends old values
// (Java: sendOldValues), the value it replaces. null stands for "no row". toStream() keeps only the new value.
export interface Change<V> {
  readonly newValue: V | null;
  readonly oldValue: V | null;
  /**
   * False for an out-of-order update of a versioned table (older than the key's latest version; Java:
   * Change.isLatest): table-table joins and groupBy drop it (KIP-914). Absent means latest.
   */
  readonly isLatest?: false;
}

export const change = <V>(newValue: V | null | undefined, oldValue: V | null | undefined): Change<V> => ({
  newValue: newValue ?? null,
  oldValue: oldValue ?? null,
});

/** A change with no old value: what a node that does not send old values forwards. */
export const newOnly = <V>(update: Change<V>): Change<V> => change(update.newValue, null);

/** The change, marked out of order when `isLatest` is false (what a versioned table's writer learnt from its put). */
export const latestOrNot = <V>(update: Change<V>, isLatest: boolean): Change<V> =>
  isLatest ? update : { ...update, isLatest: false };
