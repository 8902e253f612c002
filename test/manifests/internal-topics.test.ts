// The KafkaTopics that pre-create word-count's internal topics (needed where ACLs forbid topic creation)
// must be exactly the topics the library creates for the real topology: read from it, not retyped.
import { describe, expect, it } from '@jest/globals';
import { changelogTopicName, wordCountTopology } from '@streamkit/kafka-streams';
import { readInternalTopicNames } from './support/strimzi.js';

const APPLICATION_ID = 'word-count';

function topicsOfTopology(): string[] {
  const plan = wordCountTopology({
    inputTopic: 'sentences',
    outputTopic: 'word-counts',
    windowedOutputTopic: 'word-counts-windowed',
    windowSizeMs: 60_000,
    graceMs: 10_000,
  }).plan();
  const repartitions = plan.internalTopics
    .filter((t) => t.kind === 'repartition')
    .map((t) => `${APPLICATION_ID}-${t.name}`);
  const changelogs = plan.subtopologies
    .flatMap((s) => s.stores ?? [])
    .filter((store) => store.loggingEnabled)
    .map((store) => changelogTopicName(APPLICATION_ID, store.name));
  return [...repartitions, ...changelogs].sort();
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
