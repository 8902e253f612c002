// The raw client loops' whole "topology": split each sentence as WordCountDemo does, count in a Map, and give the
// records to produce: every update, or each touched word's last count of the batch. No repartition topic, no
// changelog, no transactions: one process owns every partition, so the Map is the whole state. A ceiling for what
// a client can move, not a stream processor (its state dies with the process).
import type { ContenderApp } from '../../compare/contender.ts';

export const contenderApp = (): ContenderApp => {
  const app = JSON.parse(process.env.BENCH_CONTENDER ?? 'null') as ContenderApp | null;
  if (!app) throw new Error('BENCH_CONTENDER is not set: this loop is started by bench/compare');
  return app;
};

export class WordCounter {
  private readonly counts = new Map<string, number>();
  private readonly emit: ContenderApp['emit'];

  constructor(emit: ContenderApp['emit']) {
    this.emit = emit;
  }

  /** The records one batch of sentences produces: [word, count] pairs. */
  batch(sentences: Iterable<string | null | undefined>): Array<readonly [string, number]> {
    const updates: Array<readonly [string, number]> = [];
    const touched = new Set<string>();
    for (const sentence of sentences) {
      if (!sentence) continue;
      for (const word of sentence.toLowerCase().split(/\W+/)) {
        if (word.length === 0) continue;
        const count = (this.counts.get(word) ?? 0) + 1;
        this.counts.set(word, count);
        if (this.emit === 'every') updates.push([word, count]);
        else touched.add(word);
      }
    }
    if (this.emit === 'batch-last') for (const word of touched) updates.push([word, this.counts.get(word)!]);
    return updates;
  }
}

/**
 * Records per produce request. A batch of pre-loaded input gives ~100,000 updates: in one request they would pass
 * the broker's message.max.bytes (1 MiB), and kafkajs' per-request grouping costs grow with the request's size.
 */
export const RECORDS_PER_SEND = 5_000;

/** `records` in slices of at most RECORDS_PER_SEND, for one produce request each. */
export function* sendSlices<T>(records: ReadonlyArray<T>): Generator<T[]> {
  for (let start = 0; start < records.length; start += RECORDS_PER_SEND)
    yield records.slice(start, start + RECORDS_PER_SEND);
}

/** A count as the output's 8-byte big-endian long. */
export function longBytes(count: number): Buffer {
  const bytes = Buffer.allocUnsafe(8);
  bytes.writeBigInt64BE(BigInt(count));
  return bytes;
}
