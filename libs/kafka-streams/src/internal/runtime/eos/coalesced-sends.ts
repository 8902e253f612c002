// One send for what many tasks hand over at once. An exactly-once commit flushes every task's collector into the
// thread's one transaction, and the producer sends one request at a time (a transaction's partitions must be added
// before its records): twelve tasks' sends one after the other are twelve round trips while the tasks stand still.
// Sends handed over in the same turn of the event loop, or while an earlier one is on its way, go together in one.
import { type OutgoingRecord, RecordsRefusedError, type TopicPartitionOffset } from '../../client/types.js';
import { TopicPartitionMap } from '../../topic-partition-map.js';

type Send = (records: ReadonlyArray<OutgoingRecord>) => Promise<ReadonlyArray<TopicPartitionOffset>>;

interface Waiting {
  readonly records: ReadonlyArray<OutgoingRecord>;
  resolve(written: ReadonlyArray<TopicPartitionOffset>): void;
  reject(error: unknown): void;
}

export class CoalescedSends {
  private waiting: Waiting[] = [];
  private draining = false;

  constructor(private readonly sendAll: Send) {}

  /**
   * Resolves once the broker acknowledged `records`, with the offset after the last record per partition they wrote
   * (of this send or of one merged with it: exact for a partition only one caller writes, as a changelog). A send that
   * fails fails every send merged into it, as it fails all the records of one; records the producer refused are told
   * to the caller that handed them over, with the offsets of that caller's partitions.
   */
  send(records: ReadonlyArray<OutgoingRecord>): Promise<ReadonlyArray<TopicPartitionOffset>> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ records, resolve, reject });
      if (this.draining) return;
      this.draining = true;
      // The other tasks' sends of this flush arrive in this turn: they wait for it to end, and go with this one.
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      if (batch.length === 1) {
        const [only] = batch as [Waiting];
        await this.sendAll(only.records).then(only.resolve, only.reject);
      } else {
        await this.sendMerged(batch);
      }
    }
    this.draining = false;
  }

  private async sendMerged(batch: ReadonlyArray<Waiting>): Promise<void> {
    let written: ReadonlyArray<TopicPartitionOffset>;
    try {
      written = await this.sendAll(batch.flatMap((waiting) => waiting.records));
    } catch (error) {
      if (!(error instanceof RecordsRefusedError)) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
      const refused = new Set(error.refused);
      for (const waiting of batch) {
        const ownWritten = ownOffsets(waiting.records, error.written);
        const ownRefused = waiting.records.filter((record) => refused.has(record));
        if (ownRefused.length === 0) waiting.resolve(ownWritten);
        else waiting.reject(new RecordsRefusedError(error.message, ownRefused, ownWritten));
      }
      return;
    }
    for (const waiting of batch) waiting.resolve(ownOffsets(waiting.records, written));
  }
}

/** The offsets of the partitions `records` were sent to. */
function ownOffsets(
  records: ReadonlyArray<OutgoingRecord>,
  written: ReadonlyArray<TopicPartitionOffset>,
): TopicPartitionOffset[] {
  const partitions = new TopicPartitionMap<true>();
  for (const record of records) partitions.set(record, true);
  return written.filter((offset) => partitions.has(offset));
}
