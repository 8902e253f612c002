// The word count: the words of sentences counted per word, and per word and time window. Its internal topics
// (pre-created by strimzi/base/topics/word-count-internal-topics.yaml, which a manifest test checks against
// this topology): <applicationId>-words-repartition and the changelogs of the two stores.
import {
  WINDOWED_WORD_COUNTS_STORE,
  WORD_COUNTS_STORE,
  WORDS_REPARTITION,
  wordsOf,
  type Topic,
} from '@streamkit/contracts';
import {
  Consumed,
  Grouped,
  Materialized,
  Produced,
  Serdes,
  StreamsBuilder,
  TimeWindows,
  type Topology,
  type Windowed,
} from '@streamkit/kafka-streams';

export interface WordCountTopics {
  readonly sentences: Topic<string, string>;
  readonly wordCounts: Topic<string, number>;
  readonly windowedWordCounts: Topic<Windowed<string>, number>;
}

export interface WordCountOptions {
  readonly topics: WordCountTopics;
  readonly windowSizeMs: number;
  readonly graceMs: number;
  /** How long windows stay queryable in the window store (default one day; at least size + grace). */
  readonly windowRetentionMs?: number;
}

const ONE_DAY_MS = 86_400_000;

export function wordCountTopology({ topics, windowSizeMs, graceMs, windowRetentionMs }: WordCountOptions): Topology {
  const builder = new StreamsBuilder();
  const { sentences, wordCounts, windowedWordCounts } = topics;
  const words = builder
    .stream(sentences.name, Consumed.with({ keySerde: sentences.keySerde, valueSerde: sentences.valueSerde }))
    .flatMapValues(wordsOf)
    .selectKey((_key, word) => word)
    .groupByKey(Grouped.with({ name: WORDS_REPARTITION, keySerde: Serdes.String(), valueSerde: Serdes.String() }));
  words
    .count(Materialized.as(WORD_COUNTS_STORE.name))
    .toStream()
    .to(wordCounts.name, Produced.with({ keySerde: wordCounts.keySerde, valueSerde: wordCounts.valueSerde }));
  words
    .windowedBy(TimeWindows.ofSizeAndGrace(windowSizeMs, graceMs))
    .count(
      Materialized.as<string, number>(WINDOWED_WORD_COUNTS_STORE.name).withRetention(
        Math.max(windowRetentionMs ?? ONE_DAY_MS, windowSizeMs + graceMs),
      ),
    )
    .toStream()
    .to(
      windowedWordCounts.name,
      Produced.with({ keySerde: windowedWordCounts.keySerde, valueSerde: windowedWordCounts.valueSerde }),
    );
  return builder.build();
}
