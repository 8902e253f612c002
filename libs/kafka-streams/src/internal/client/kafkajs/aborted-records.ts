// Which records of one fetched partition belong to aborted transactions, from the fetch response's list of aborted
// transactions (producer id, first offset) and the transaction markers among the records: Kafka's read_committed
// rule. A record batch of producer P is aborted when it is transactional and P has an aborted transaction that
// started at or before it and whose ABORT marker has not come yet.
//
// kafkajs 2.2.4 gets this wrong (consumer/filterAbortedMessages.js): it takes the aborted transactions in the order
// the broker lists them, which is the order they ended, not the order they started, and it moves at most one of
// them into effect per record. Where transactions of several producers interleave in a partition (a repartition
// topic written by every upstream task) and two of them abort, records of an aborted one are then delivered.

/** An aborted transaction as a fetch response lists it. */
export interface AbortedTransaction {
  readonly producerId: string;
  readonly firstOffset: string;
}

/** What a fetched record tells about its record batch (kafkajs' decoded `batchContext`). */
export interface FetchedRecordBatchContext {
  readonly producerId: string;
  readonly inTransaction: boolean;
  readonly isControlBatch: boolean;
}

export interface FetchedRecordInfo {
  readonly offset: string;
  readonly key: Buffer | null;
  /** Absent for records of the old message formats, which are never transactional. */
  readonly batchContext?: FetchedRecordBatchContext;
}

/** A control record's key: version (int16), then type (int16): 0 is ABORT, 1 is COMMIT. */
const ABORT_MARKER_TYPE = 0;

function isAbortMarker(record: FetchedRecordInfo): boolean {
  return record.key !== null && record.key.length >= 4 && record.key.readInt16BE(2) === ABORT_MARKER_TYPE;
}

/** The indexes in `records` (in offset order, as fetched) of the records that aborted transactions wrote. */
export function abortedRecordIndexes(
  records: ReadonlyArray<FetchedRecordInfo>,
  abortedTransactions: ReadonlyArray<AbortedTransaction>,
): Set<number> {
  const aborted = new Set<number>();
  if (abortedTransactions.length === 0) return aborted;
  const byStart = abortedTransactions
    .map(({ producerId, firstOffset }) => ({ producerId, firstOffset: BigInt(firstOffset) }))
    .sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : a.firstOffset > b.firstOffset ? 1 : 0));
  const abortingProducers = new Set<string>();
  let next = 0;
  records.forEach((record, index) => {
    const offset = BigInt(record.offset);
    // Every aborted transaction that started at or before this record is in effect now, not just one.
    while (next < byStart.length && byStart[next]!.firstOffset <= offset) {
      abortingProducers.add(byStart[next++]!.producerId);
    }
    const batch = record.batchContext;
    if (batch === undefined) return;
    if (batch.isControlBatch) {
      if (isAbortMarker(record)) abortingProducers.delete(batch.producerId);
    } else if (batch.inTransaction && abortingProducers.has(batch.producerId)) {
      aborted.add(index);
    }
  });
  return aborted;
}
