// The product's word count: words of sentences counted per word, and per word and time window.
// Internal topics (kept in sync with strimzi/base/topics/word-count-internal-topics.yaml):
//   <applicationId>-words-repartition, <applicationId>-word-counts-changelog,
//   <applicationId>-windowed-word-counts-changelog
import { Grouped } from '../dsl/grouped.js';
import { longAsNumberSerde } from '../dsl/long-serde.js';
import { Materialized } from '../dsl/materialized.js';
import { Consumed, Produced } from '../dsl/options.js';
import { StreamsBuilder } from '../dsl/streams-builder.js';
import { Serdes } from '../serde/serdes.js';
import type { Topology } from '../topology/topology.js';
import { TimeWindows } from '../windows/time-windows.js';
import { timeWindowedSerde } from '../windows/windowed-serdes.js';

export interface WordCountOptions {
  readonly inputTopic: string;
  readonly outputTopic: string;
  readonly windowedOutputTopic: string;
  readonly windowSizeMs: number;
  readonly graceMs: number;
  /** How long windows stay queryable in the window store (default one day; at least size + grace). */
  readonly windowRetentionMs?: number;
}

const ONE_DAY_MS = 86_400_000;

/**
 * The words the topology counts in a sentence: the sentence lower-cased, split at every character other than
 * a-z, 0-9 and "_" (`\W` without the `u` flag), empty pieces dropped. So every counted word matches
 * /^[a-z0-9_]+$/; services validate a queried word against this same function.
 */
export function wordsOf(sentence: string): string[] {
  return sentence
    .toLowerCase()
    .split(/\W+/)
    .filter((word) => word.length > 0);
}

export function wordCountTopology(options: WordCountOptions): Topology {
  const builder = new StreamsBuilder();
  const words = builder
    .stream(options.inputTopic, Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() }))
    .flatMapValues(wordsOf)
    .selectKey((_key, word) => word)
    .groupByKey(Grouped.with({ name: 'words', keySerde: Serdes.String(), valueSerde: Serdes.String() }));
  const counts = longAsNumberSerde();
  words
    .count(Materialized.as('word-counts'))
    .toStream()
    .to(options.outputTopic, Produced.with({ keySerde: Serdes.String(), valueSerde: counts }));
  words
    .windowedBy(TimeWindows.ofSizeAndGrace(options.windowSizeMs, options.graceMs))
    .count(
      Materialized.as<string, number>('windowed-word-counts').withRetention(
        Math.max(options.windowRetentionMs ?? ONE_DAY_MS, options.windowSizeMs + options.graceMs),
      ),
    )
    .toStream()
    .to(
      options.windowedOutputTopic,
      Produced.with({ keySerde: timeWindowedSerde(Serdes.String(), options.windowSizeMs), valueSerde: counts }),
    );
  return builder.build();
}
