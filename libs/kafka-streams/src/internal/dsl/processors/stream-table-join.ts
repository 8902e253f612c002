// KStream-KTable join: each stream record looks its key up in the table. Table updates never trigger output (as
// in Kafka Streams). Inner joins drop records without a match; left joins pass null. Against a versioned table
// (KIP-914) the lookup reads the version valid at the stream record's timestamp; with a grace period, stream
// records first wait in a buffer until stream time has passed them by the grace (see join-grace-buffer.ts).
import type { ProcessorContext, Record } from '../../../processor/api.js';
import type { Serde } from '../../../serde/serde.js';
import { tableStoreReader, type TableStoreReader } from '../table-store-reader.js';
import type { JoinGraceBuffer } from './join-grace-buffer.js';
import { isMissing, processorOf, type Untyped } from './stateful.js';

export interface StreamTableJoinOptions<K, V, VT, VR> {
  readonly tableStoreName: string;
  readonly joiner: (value: V, tableValue: VT | null) => VR;
  readonly leftJoin: boolean;
  /** Set with Joined.withGracePeriod: the buffer's store and how to store the stream's records in it. */
  readonly grace?: { readonly bufferStoreName: string; readonly keySerde: Serde<K>; readonly valueSerde: Serde<V> };
}

/** Java's message when a grace period is given for a table that is not versioned. */
export const GRACE_NEEDS_VERSIONED_TABLE = 'KTable must be versioned to use a grace period in a stream table join.';

export const streamTableJoinProcessor = <K, V, VT, VR>(options: StreamTableJoinOptions<K, V, VT, VR>): Untyped =>
  processorOf<K, V, K, VR>((context) => {
    const table = tableStoreReader<K, VT>(context, options.tableStoreName);
    const join = joinStep(context, table, options);
    const { grace } = options;
    if (grace === undefined) {
      return (record) => {
        if (!dropped(record, options.leftJoin)) join(record);
      };
    }
    if (!table.versioned) throw new Error(GRACE_NEEDS_VERSIONED_TABLE);
    const buffer = context.getStateStore<JoinGraceBuffer>(grace.bufferStoreName);
    const topic = grace.bufferStoreName;
    return (record) => {
      if (dropped(record, options.leftJoin)) return;
      // As Java's buffer: a record needs a key to be buffered (a left join's null key fails the task there too).
      if (isMissing(record.key)) throw new Error(`${grace.bufferStoreName}: key cannot be null`);
      const key = grace.keySerde.serialize(topic, record.key);
      const value = grace.valueSerde.serialize(topic, record.value);
      if (key === null || value === null)
        throw new Error(`${grace.bufferStoreName}: cannot buffer a null key or value`);
      if (!buffer.put({ key, value, timestamp: record.timestamp })) {
        join(record);
        return;
      }
      buffer.evictExpired((due) =>
        join({
          key: grace.keySerde.deserialize(topic, due.key),
          value: grace.valueSerde.deserialize(topic, due.value),
          timestamp: due.timestamp,
          headers: [],
        }),
      );
    };
  });

/**
 * As Java: a record with a null value joins nothing; nor does a null key in an inner join (a left join joins it
 * with null, the store is not asked: it takes no null keys).
 */
const dropped = (record: Record<unknown, unknown>, leftJoin: boolean): boolean =>
  isMissing(record.value) || (!leftJoin && isMissing(record.key));

function joinStep<K, V, VT, VR>(
  context: ProcessorContext<K, VR>,
  table: TableStoreReader<K, VT>,
  options: StreamTableJoinOptions<K, V, VT, VR>,
): (record: Record<K, V>) => void {
  return (record) => {
    const match = isMissing(record.key)
      ? undefined
      : table.versioned
        ? table.asOf(record.key, record.timestamp)
        : table.latest(record.key);
    if (match === undefined && !options.leftJoin) return;
    context.forward({ ...record, value: options.joiner(record.value, match ?? null) });
  };
}
