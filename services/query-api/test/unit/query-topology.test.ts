// The query topology reads exactly what word-count writes: its records, byte for byte, fill the stores.
import { describe, expect, it } from '@jest/globals';
import { sentencesTopic, windowedWordCountsTopic, wordCountsTopic } from '@streamkit/contracts';
import { type GlobalStoreUpdate, Serdes } from '@streamkit/kafka-streams';
import { TopologyTestDriver } from '@streamkit/kafka-streams/testing';
import { wordCountTopology } from '@streamkit/word-count/topology';
import { queryTopology, WINDOWED_COUNTS_STORE, WORD_COUNTS_STORE } from '../../src/streams/query-topology.js';

const WINDOW_SIZE_MS = 60_000;
const topics = { sentences: 'sentences', counts: 'word-counts', windowed: 'word-counts-windowed' };

/** word-count under the test driver; returns the raw bytes it wrote to both output topics. */
function wordCountOutput(sentences: ReadonlyArray<{ text: string; at: number }>) {
  const driver = new TopologyTestDriver(
    wordCountTopology({
      topics: {
        sentences: sentencesTopic(topics.sentences),
        wordCounts: wordCountsTopic(topics.counts),
        windowedWordCounts: windowedWordCountsTopic(WINDOW_SIZE_MS, topics.windowed),
      },
      windowSizeMs: WINDOW_SIZE_MS,
      graceMs: 0,
    }),
    { applicationId: 'word-count' },
  );
  const input = driver.createInputTopic(topics.sentences, Serdes.String(), Serdes.String());
  for (const { text, at } of sentences) input.pipeInput('', text, at);
  const raw = (topic: string) => driver.createOutputTopic(topic, Serdes.Bytes(), Serdes.Bytes()).readRecordsToList();
  return { counts: raw(topics.counts), windowed: raw(topics.windowed) };
}

describe('queryTopology', () => {
  it('fills the global table and the window store from word-count’s records', () => {
    const output = wordCountOutput([
      { text: 'The fox and the dog', at: 1_000 },
      { text: 'the fox', at: 61_000 },
    ]);
    const driver = new TopologyTestDriver(
      queryTopology({
        wordCountsTopic: topics.counts,
        windowedCountsTopic: topics.windowed,
        windowSizeMs: WINDOW_SIZE_MS,
        windowRetentionMs: 7 * 24 * 3_600_000,
      }),
      { applicationId: 'query-api' },
    );
    const changes: string[] = [];
    driver.onGlobalStoreUpdate<string, number>(WORD_COUNTS_STORE, ({ key, value }: GlobalStoreUpdate<string, number>) =>
      changes.push(`${key}=${value}`),
    );
    const counts = driver.createInputTopic(topics.counts, Serdes.Bytes(), Serdes.Bytes());
    const windowed = driver.createInputTopic(topics.windowed, Serdes.Bytes(), Serdes.Bytes());
    for (const record of output.counts) counts.pipeInput(record.key, record.value, record.timestamp);
    for (const record of output.windowed) windowed.pipeInput(record.key, record.value, record.timestamp);

    const table = driver.getKeyValueStore<string, number>(WORD_COUNTS_STORE)!;
    expect(table.get('the')).toBe(3);
    expect(table.get('fox')).toBe(2);
    expect(table.get('dog')).toBe(1);
    expect(table.get('cat')).toBeUndefined();
    expect(changes).toEqual(['the=1', 'fox=1', 'and=1', 'the=2', 'dog=1', 'the=3', 'fox=2']);

    const windows = driver.getWindowStore<string, number>(WINDOWED_COUNTS_STORE)!;
    expect(windows.fetchRange('the', 0, 120_000)).toEqual([
      { windowStartMs: 0, value: 2 },
      { windowStartMs: 60_000, value: 1 },
    ]);
    expect(windows.fetchRange('dog', 0, 120_000)).toEqual([{ windowStartMs: 0, value: 1 }]);
  });
});
