// Apache Kafka's WordCountDemo on the library's DSL, as the benches run it: lower-case, split on \W+ (wordsOf),
// group by word through the repartition topic "words", count into the store `store`, every count the store
// forwards to `output` as an 8-byte long.
import { wordsOf } from '@streamkit/contracts';
import {
  Consumed,
  Grouped,
  longAsNumberSerde,
  Materialized,
  Produced,
  Serdes,
  StreamsBuilder,
  type Topology,
} from '@streamkit/kafka-streams';

export function wordCountDemo(input: string, output: string, store = 'counts'): Topology {
  const builder = new StreamsBuilder();
  builder
    .stream(input, Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() }))
    .flatMapValues(wordsOf)
    .selectKey((_key, word) => word)
    .groupByKey(Grouped.with({ name: 'words', keySerde: Serdes.String(), valueSerde: Serdes.String() }))
    .count(Materialized.as(store))
    .toStream()
    .to(output, Produced.with({ keySerde: Serdes.String(), valueSerde: longAsNumberSerde() }));
  return builder.build();
}
