// What flows between table processors (Java: Change): the key's new value and, when the node sends old values
// (Java: sendOldValues), the value it replaces. null stands for "no row". toStream() keeps only the new value.
export interface Change<V> {
  readonly newValue: V | null;
  readonly oldValue: V | null;
}

export const change = <V>(newValue: V | null | undefined, oldValue: V | null | undefined): Change<V> => ({
  newValue: newValue ?? null,
  oldValue: oldValue ?? null,
});

/** A change with no old value: what a node that does not send old values forwards. */
export const newOnly = <V>(update: Change<V>): Change<V> => change(update.newValue, null);
