// The KafkaTopics that pre-create word-count's internal topics (needed where ACLs forbid topic creation)
// must be exactly the topics the library creates for the real topology: read from it, not retyped.
import { describe, expect, it } from '@jest/globals';
import { sentencesTopic, windowedWordCountsTopic, wordCountsTopic } from '@streamkit/contracts';
import { wordCountTopology } from '@streamkit/word-count/topology';
import { readInternalTopicNames } from './support/strimzi.js';

const APPLICATION_ID = 'word-count';

function topicsOfTopology(): string[] {
  return wordCountTopology({
    topics: {
      sentences: sentencesTopic(),
      wordCounts: wordCountsTopic(),
      windowedWordCounts: windowedWordCountsTopic(60_000),
    },
    windowSizeMs: 60_000,
    graceMs: 10_000,
  }).internalTopicNames(APPLICATION_ID);
}

describe('word-count internal topics in strimzi/', () => {
  it('are named exactly as the library names them for the word-count topology', () => {
    expect(topicsOfTopology()).toEqual([
      'word-count-windowed-word-counts-changelog',
      'word-count-word-counts-changelog',
      'word-count-words-repartition',
    ]);
    expect(readInternalTopicNames().sort()).toEqual(topicsOfTopology());
  });
});
