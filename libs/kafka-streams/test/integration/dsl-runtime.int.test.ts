// The README's DSL example, built with StreamsBuilder, run by KafkaStreams on a real broker: the typed DSL,
// the engine and the runtime together, through a named repartition topic.
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { Consumed, Produced, Repartitioned, Serdes, StreamsBuilder } from '../../src/index.js';
import { partitionForKey } from '../../src/internal/engine/partitioner.js';
import { createTopics, kafka, readAll, uniqueName } from '../../../../test/support/kafka.js';
import { produce, StreamsHarness } from './support/streams-harness.js';

jest.setTimeout(90_000);

function wordsTopology(input: string, output: string) {
  const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };
  const builder = new StreamsBuilder();
  builder
    .stream(input, Consumed.with(strings))
    .flatMapValues((sentence) => sentence.toLowerCase().split(/\W+/))
    .filter((_key, word) => word.length > 0)
    .selectKey((_key, word) => word)
    .repartition(Repartitioned.with({ name: 'words', ...strings }))
    .to(output, Produced.with(strings));
  return builder.build();
}

describe('a StreamsBuilder topology on KafkaStreams', () => {
  const client = kafka();
  const harness = new StreamsHarness();
  let admin: Admin;

  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
  });
  afterEach(() => harness.closeAll());
  afterAll(() => admin.disconnect());

  it('splits sentences into words keyed by word, through <app>-words-repartition', async () => {
    const input = uniqueName('dsl-sentences');
    const output = uniqueName('dsl-words');
    const applicationId = uniqueName('dsl-app');
    await createTopics(admin, [
      { topic: input, partitions: 3 },
      { topic: output, partitions: 3 },
    ]);
    const sentences = Array.from({ length: 30 }, (_, i) => `The quick brown fox #${i % 3}, jumps; over the lazy dog!`);
    await produce(
      client,
      input,
      sentences.map((value, i) => ({ key: `s${i}`, value })),
    );
    const expectedWords = sentences.flatMap((s) =>
      s
        .toLowerCase()
        .split(/\W+/)
        .filter((w) => w.length > 0),
    );

    await harness.startRunning(wordsTopology(input, output), applicationId);
    const out = await readAll(client, output, { expected: expectedWords.length, idleMs: 10_000 });

    expect(out.map((r) => r.value).sort()).toEqual([...expectedWords].sort());
    for (const record of out) {
      expect(record.key).toBe(record.value);
      expect(record.partition).toBe(partitionForKey(Buffer.from(record.key!), 3));
    }
    const repartition = `${applicationId}-words-repartition`;
    const metadata = await admin.fetchTopicMetadata({ topics: [repartition] });
    expect(metadata.topics[0]?.partitions).toHaveLength(3);
  });
});
