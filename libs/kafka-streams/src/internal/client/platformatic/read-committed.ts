// Kafka's read_committed, done on the client: a broker answering a read_committed fetch stops at the last stable
// offset but still returns the records of aborted transactions, listing those transactions (producer id, first
// offset) next to the data; the client drops a transactional batch of a producer while one of that producer's
// listed aborted transactions is open, until the producer's ABORT marker. A transaction's marker may come in a later
// response than its records: the open ranges are kept per partition across responses (and forgotten on a seek).
import type { RecordsBatch } from '@platformatic/kafka';

/** Bits of a record batch's attributes (Kafka's DefaultRecordBatch). */
const TRANSACTIONAL = 0x10;
const CONTROL = 0x20;
/** Control record types (the key's second int16). */
const ABORT_MARKER = 0;
const MAX_CLOSED_RANGES = 1_000;

export interface AbortedTransaction {
  readonly producerId: bigint;
  readonly firstOffset: bigint;
}

export type BatchDecision = 'deliver' | 'skip';

const rangeKey = (t: AbortedTransaction) => `${t.producerId}@${t.firstOffset}`;

/** The read_committed state of one partition. */
export class ReadCommittedFilter {
  /** Listed aborted transactions not reached yet, by first offset. */
  private pending: AbortedTransaction[] = [];
  private readonly pendingKeys = new Set<string>();
  /** Producers inside an aborted transaction at the current position: the first offset of each such range. */
  private readonly open = new Map<bigint, bigint>();
  /** Ranges whose ABORT marker was read: a later response listing them again must not reopen them. */
  private readonly closed = new Set<string>();

  /** The aborted transactions a fetch response listed for this partition. */
  addAborted(transactions: ReadonlyArray<AbortedTransaction> | null | undefined): void {
    let added = false;
    for (const transaction of transactions ?? []) {
      const key = rangeKey(transaction);
      if (
        this.closed.has(key) ||
        this.pendingKeys.has(key) ||
        this.open.get(transaction.producerId) === transaction.firstOffset
      )
        continue;
      this.pendingKeys.add(key);
      this.pending.push(transaction);
      added = true;
    }
    if (added)
      this.pending.sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : a.firstOffset > b.firstOffset ? 1 : 0));
  }

  /** Whether the batch's records reach the application; batches must come in offset order. */
  decide(
    batch: Pick<RecordsBatch, 'firstOffset' | 'lastOffsetDelta' | 'attributes' | 'producerId' | 'records'>,
  ): BatchDecision {
    const lastOffset = batch.firstOffset + BigInt(batch.lastOffsetDelta);
    // Aborted ranges that begin in or before this batch are open from here on.
    while (this.pending.length > 0 && this.pending[0]!.firstOffset <= lastOffset) {
      const transaction = this.pending.shift()!;
      this.pendingKeys.delete(rangeKey(transaction));
      this.open.set(transaction.producerId, transaction.firstOffset);
    }
    if ((batch.attributes & CONTROL) !== 0) {
      const firstOffset = this.open.get(batch.producerId);
      if (firstOffset !== undefined && isAbortMarker(batch)) {
        this.open.delete(batch.producerId);
        this.closed.add(rangeKey({ producerId: batch.producerId, firstOffset }));
        // Only a response overlapping a range lists it, so the oldest closed ones are never listed again.
        if (this.closed.size > MAX_CLOSED_RANGES) this.closed.delete(this.closed.values().next().value!);
      }
      return 'skip';
    }
    if ((batch.attributes & TRANSACTIONAL) !== 0 && this.open.has(batch.producerId)) return 'skip';
    return 'deliver';
  }

  /** The position moved (seek, reset): what was learnt about ranges ahead no longer applies. */
  reset(): void {
    this.pending = [];
    this.pendingKeys.clear();
    this.open.clear();
    this.closed.clear();
  }
}

function isAbortMarker(batch: Pick<RecordsBatch, 'records'>): boolean {
  const key = batch.records[0]?.key;
  // Key: version (int16), type (int16).
  return key !== null && key !== undefined && key.length >= 4 && key.readInt16BE(2) === ABORT_MARKER;
}
