// KTable-KTable joins (Java: KTableKTableInnerJoin / LeftJoin / OuterJoin). Each side of a join runs one of
// these processors: an update of its table looks the key up in the other table's store and emits the joined
// row, or a tombstone when the key has no row any more. Which rows exist depends on the join:
// inner - both sides present; left - the left side present; outer - either side present.
import type { KeyValueStore } from '../../../state/store.js';
import { isMissing, processorOf, type Untyped } from './stateful.js';

export interface TableJoinSide<V, VO, VR> {
  /** The other table's store: its current value for the key. */
  readonly otherStoreName: string;
  /** Joins this side's value with the other side's; null stands for a missing side. */
  readonly joiner: (value: V | null, otherValue: VO | null) => VR;
  /** Keys the other table lacks still have a row (this side is the outer side of a left or outer join). */
  readonly keepWithoutOther: boolean;
  /** Keys this table lacks still have a row (the other side is outer). */
  readonly keepWithoutThis: boolean;
}

/**
 * Table records carry no old value, so a delete cannot tell whether the key had a row: when no row is left
 * it always sends a tombstone (deleting a key a table does not hold changes nothing downstream). Java sends it
 * only for keys that had a row; an update that forms no row (inner join, other side missing) sends nothing.
 */
export const tableTableJoinProcessor = <K, V, VO, VR>(side: TableJoinSide<V, VO, VR>): Untyped =>
  processorOf<K, V | null, K, VR | null>((context) => {
    const other = context.getStateStore<KeyValueStore<K, VO>>(side.otherStoreName);
    return (record) => {
      if (isMissing(record.key)) return;
      const value = record.value ?? null;
      const otherValue = other.get(record.key) ?? null;
      if (otherValue === null && !side.keepWithoutOther) return;
      const row =
        value !== null
          ? side.joiner(value, otherValue)
          : otherValue !== null && side.keepWithoutThis
            ? side.joiner(null, otherValue)
            : null;
      context.forward({ ...record, value: row });
    };
  });
