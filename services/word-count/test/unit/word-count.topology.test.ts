// The word count under the TopologyTestDriver: what it counts, and the topics and stores it uses.
import { describe, expect, it } from '@jest/globals';
import { sentencesTopic, windowedWordCountsTopic, wordCountsTopic } from '@streamkit/contracts';
import { longAsNumberSerde, Serdes, timeWindowedSerde } from '@streamkit/kafka-streams';
import { TopologyTestDriver } from '@streamkit/kafka-streams/testing';
import { wordCountTopology } from '../../src/streams/word-count.topology.js';

const str = Serdes.String();
const long = longAsNumberSerde();

describe('wordCountTopology', () => {
  const topology = () =>
    wordCountTopology({
      topics: {
        sentences: sentencesTopic(),
        wordCounts: wordCountsTopic('counts'),
        windowedWordCounts: windowedWordCountsTopic(1000, 'windowed-counts'),
      },
      windowSizeMs: 1000,
      graceMs: 100,
    });

  it('names its internal topics like the deployment manifests', () => {
    expect(topology().internalTopicNames('wc')).toEqual([
      'wc-windowed-word-counts-changelog',
      'wc-word-counts-changelog',
      'wc-words-repartition',
    ]);
  });

  it('counts words, windowed words, and writes changelogs', () => {
    const driver = new TopologyTestDriver(topology(), { applicationId: 'wc' });
    const input = driver.createInputTopic('sentences', str, str);
    input.pipeInput('s1', 'Hello, world!', 10);
    input.pipeInput('s2', 'hello again', 20);
    expect(driver.createOutputTopic('counts', str, long).readKeyValuesToList()).toEqual([
      { key: 'hello', value: 1 },
      { key: 'world', value: 1 },
      { key: 'hello', value: 2 },
      { key: 'again', value: 1 },
    ]);
    const windowed = driver
      .createOutputTopic('windowed-counts', timeWindowedSerde(str, 1000), long)
      .readKeyValuesToList();
    expect(windowed.at(-2)).toEqual({ key: { key: 'hello', window: { startMs: 0, endMs: 1000 } }, value: 2 });
    expect(driver.producedTopicNames()).toEqual(
      expect.arrayContaining(['wc-word-counts-changelog', 'wc-windowed-word-counts-changelog', 'wc-words-repartition']),
    );
    expect(driver.createOutputTopic('wc-word-counts-changelog', str, long).readKeyValuesToMap().get('hello')).toBe(2);
    expect(driver.getKeyValueStore<string, number>('word-counts')?.get('hello')).toBe(2);
    expect(driver.getWindowStore<string, number>('windowed-word-counts')?.fetch('again', 0)).toBe(1);
  });
});
