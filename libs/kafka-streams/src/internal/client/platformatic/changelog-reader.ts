// Reads changelog partitions between two offsets without a group (Kafka's manual assignment): the fetcher is
// assigned exactly the ranges' partitions, each starting at its range's start.
import type { ChangelogRange, ChangelogReader, ClientConnectionOptions, FetchedBatch } from '../types.js';
import { ClusterConnection } from './connection.js';
import { Fetcher } from './fetcher.js';

/** The most a restore fetch brings back per partition (the fetcher's default is 1 MiB). */
const RESTORE_FETCH_BYTES = 64 * 1024;

const key = ({ topic, partition }: { topic: string; partition: number }) => `${topic}:${partition}`;

export class PlatformaticChangelogReader implements ChangelogReader {
  private stopping: AbortController | undefined;
  private reading: Promise<void> | undefined;

  constructor(private readonly options: ClientConnectionOptions) {}

  async read(ranges: ReadonlyArray<ChangelogRange>, onBatch: (batch: FetchedBatch) => Promise<void>): Promise<void> {
    const remaining = new Map(ranges.filter((r) => r.startOffset < r.endOffset).map((r) => [key(r), r]));
    if (remaining.size === 0) return;
    const stopping = (this.stopping = new AbortController());
    const connection = ClusterConnection.create(this.options);
    // read_committed: changes of aborted (exactly-once) transactions are never restored into a store.
    const fetcher = new Fetcher({
      connection,
      readCommitted: true,
      maxWaitTimeMs: 100,
      logger: this.options.logger,
      // A fetched partition is decoded and restored in one go, blocking the event loop meanwhile: small fetches keep
      // each such block short, as the kafkajs reader does (a record batch larger than this still comes whole).
      partitionMaxBytes: RESTORE_FETCH_BYTES,
    });
    fetcher.assign([...remaining.values()], (tp) => remaining.get(key(tp))?.startOffset);
    const run = fetcher.run(async ({ topic, partition, records, nextOffset }) => {
      const range = remaining.get(key({ topic, partition }));
      if (!range) return;
      const wanted = records.filter((r) => r.offset < range.endOffset);
      if (wanted.length > 0) await onBatch({ topic, partition, records: wanted });
      if (nextOffset >= range.endOffset) {
        remaining.delete(key(range));
        fetcher.pause([range]);
        if (remaining.size === 0) stopping.abort();
      }
    }, stopping.signal);
    this.reading = run;
    try {
      await run;
    } finally {
      await connection.close();
    }
  }

  async stop(): Promise<void> {
    this.stopping?.abort();
    await this.reading?.catch(() => undefined);
  }
}
