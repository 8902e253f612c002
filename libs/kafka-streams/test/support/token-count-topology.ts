// A topology of the shape most stateful applications have, for the library's own tests: tokens of a text
// re-keyed through a repartition topic (`words`), counted all-time (store `word-counts`) and per time window
// (store `windowed-word-counts`), each count sent downstream. (Kafka's WordCountDemo, plus a windowed count.)
import { Grouped } from '../../src/dsl/grouped.js';
import { longAsNumberSerde } from '../../src/dsl/long-serde.js';
import { Materialized } from '../../src/dsl/materialized.js';
import { Consumed, Produced } from '../../src/dsl/options.js';
import { StreamsBuilder } from '../../src/dsl/streams-builder.js';
import { Serdes } from '../../src/serde/serdes.js';
import type { Topology } from '../../src/topology/topology.js';
import { TimeWindows } from '../../src/windows/time-windows.js';
import { timeWindowedSerde } from '../../src/windows/windowed-serdes.js';

export interface TokenCountOptions {
  readonly inputTopic: string;
  readonly outputTopic: string;
  readonly windowedOutputTopic: string;
  readonly windowSizeMs: number;
  readonly graceMs: number;
  /** How long windows stay queryable in the window store (default one day; at least size + grace). */
  readonly windowRetentionMs?: number;
}

const ONE_DAY_MS = 86_400_000;

/** Lower-cased, split at every character other than a-z, 0-9 and "_", empty pieces dropped. */
export function tokensOf(sentence: string): string[] {
  return sentence
    .toLowerCase()
    .split(/\W+/)
    .filter((word) => word.length > 0);
}

export function tokenCountTopology(options: TokenCountOptions): Topology {
  const builder = new StreamsBuilder();
  const words = builder
    .stream(options.inputTopic, Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() }))
    .flatMapValues(tokensOf)
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
