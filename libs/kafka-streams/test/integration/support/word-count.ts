// WordCountDemo's topology for the runtime tests that need output from two transactions in turn (sentences → words
// through a repartition topic, words → counts), and what its output must end with.
import type { ConsumedRecord } from '../../../../../test/support/kafka.js';
import { Consumed, Grouped, Materialized, Produced, Serdes, StreamsBuilder } from '../../../src/index.js';

const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };

/** Lower-cases, splits on non-word characters, counts per word in store `counts`: every update to `output`. */
export function wordCountTopology(input: string, output: string) {
  const builder = new StreamsBuilder();
  builder
    .stream(input, Consumed.with(strings))
    .flatMapValues((sentence) => sentence.toLowerCase().split(/\W+/))
    .filter((_key, word) => word.length > 0)
    .groupBy((_key, word) => word, Grouped.with(strings))
    .count(Materialized.as<string, number>('counts').withCachingDisabled())
    .toStream()
    .mapValues((count) => String(count))
    .to(output, Produced.with(strings));
  return builder.build();
}

/** The count each word must end with. */
export function expectedCounts(sentences: ReadonlyArray<string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const sentence of sentences) {
    for (const word of sentence.toLowerCase().split(/\W+/)) if (word) counts[word] = (counts[word] ?? 0) + 1;
  }
  return counts;
}

/** The last count of every word in the output read back. */
export function lastCounts(records: ReadonlyArray<ConsumedRecord>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const record of records) counts[record.key ?? ''] = Number(record.value);
  return counts;
}
