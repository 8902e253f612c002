// KTable-KTable joins (Java: KTableKTableInnerJoin / LeftJoin / RightJoin / OuterJoin). Each side of a join
// runs one of these processors: a change of its table looks the key up in the other table's store and emits
// the joined row (or a tombstone when the key has no row any more). Which rows exist depends on the join:
// inner - both sides present; left - the left side present; outer - either side present.
import type { KeyValueStore } from '../../../state/store.js';
import type { OldValues } from '../table-old-values.js';
import { NO_ROW, type JoinTimestamps } from '../table-join-timestamps.js';
import { tableStoreReader } from '../table-store-reader.js';
import { isMissing, processorOf, type Untyped } from './stateful.js';
import { change, type Change } from './table-change.js';

export interface TableJoinSide<V, VO, VR> {
  /** The other table's store: its current value for the key. */
  readonly otherStoreName: string;
  /** Joins this side's value with the other side's; null stands for a missing side. */
  readonly joiner: (value: V | null, otherValue: VO | null) => VR;
  /** Keys the other table lacks still have a row (this side is the outer side of a left or outer join). */
  readonly keepWithoutOther: boolean;
  /** Keys this table lacks still have a row (the other side is outer). */
  readonly keepWithoutThis: boolean;
  /** Whether this side sends the joined row its change replaces. */
  readonly oldValues: OldValues;
  /** The join's store of both sides' row timestamps, and which of them is this side. */
  readonly timestampsStoreName: string;
  readonly isThisSide: boolean;
}

/**
 * As Java: when the other side has no row, a change that neither had nor has a row on this side (deleting a
 * key this table never held) sends nothing; an outer side's table sends old values, so it can tell.
 */
export const tableTableJoinProcessor = <K, V, VO, VR>(side: TableJoinSide<V, VO, VR>): Untyped =>
  processorOf<K, Change<V>, K, Change<VR>>((context) => {
    const other = tableStoreReader<K, VO>(context, side.otherStoreName);
    const timestamps = context.getStateStore<KeyValueStore<K, JoinTimestamps>>(side.timestampsStoreName);
    return (record) => {
      if (isMissing(record.key)) return;
      // As Java (KIP-914): an out-of-order update of a versioned table does not change the join's rows.
      if (record.value.isLatest === false) return;
      const { newValue, oldValue } = record.value;
      const otherValue = other.latest(record.key) ?? null;
      const otherTimestamp = recordTimestamps(
        timestamps,
        side.isThisSide,
        record.key,
        newValue === null ? NO_ROW : record.timestamp,
      );
      if (otherValue === null && (!side.keepWithoutOther || (newValue === null && oldValue === null))) return;
      const rowOf = (value: V | null): VR | null =>
        value !== null
          ? side.joiner(value, otherValue)
          : otherValue !== null && side.keepWithoutThis
            ? side.joiner(null, otherValue)
            : null;
      context.forward({
        ...record,
        // As Java: the later of both rows' timestamps when the other side has one.
        timestamp: otherValue === null ? record.timestamp : Math.max(record.timestamp, otherTimestamp),
        value: change(rowOf(newValue), side.oldValues.enabled ? rowOf(oldValue) : null),
      });
    };
  });

/** Writes this side's row timestamp for the key and returns the other side's (NO_ROW when it has none). */
function recordTimestamps<K>(
  store: KeyValueStore<K, JoinTimestamps>,
  isThisSide: boolean,
  key: K,
  timestamp: number,
): number {
  const current = store.get(key) ?? { thisSide: NO_ROW, otherSide: NO_ROW };
  const next = isThisSide ? { ...current, thisSide: timestamp } : { ...current, otherSide: timestamp };
  store.put(key, next.thisSide === NO_ROW && next.otherSide === NO_ROW ? null : next);
  return isThisSide ? current.otherSide : current.thisSide;
}
