// The timestamps of both sides' rows of a table-table join, per key: Java reads the other side's row with its
// timestamp (timestamped stores) and stamps a joined row with the later of both. The library's key-value stores
// keep no timestamps, so each join keeps them in a small logged store of its own, `<merge node>-timestamps`,
// written by both sides (they run in one task: the tables are co-partitioned).
import type { Serde } from '../../serde/serde.js';

/** The newest update's timestamp of each side's row; -1 when that side has no row. */
export interface JoinTimestamps {
  readonly thisSide: number;
  readonly otherSide: number;
}

export const NO_ROW = -1;

export const joinTimestampsSerde: Serde<JoinTimestamps> = {
  name: 'JoinTimestamps',
  serialize: (_topic, { thisSide, otherSide }) => {
    const bytes = Buffer.alloc(16);
    bytes.writeBigInt64BE(BigInt(thisSide), 0);
    bytes.writeBigInt64BE(BigInt(otherSide), 8);
    return bytes;
  },
  deserialize: (topic, data) => {
    if (data === null || data.length !== 16) throw new Error(`join timestamps in ${topic}: expected 16 bytes`);
    return { thisSide: Number(data.readBigInt64BE(0)), otherSide: Number(data.readBigInt64BE(8)) };
  },
};
