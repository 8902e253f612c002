// The topics of the word count, with the serdes their writers and readers share. Names are configurable per
// deployment (the services' *_TOPIC variables); these are the defaults, which the manifests and compose use.
import { longAsNumberSerde, Serdes, timeWindowedSerde, type Windowed } from '@streamkit/kafka-streams';
import { topic, type Topic } from '../topic.js';

export const DEFAULT_TOPIC_NAMES = {
  sentences: 'sentences',
  wordCounts: 'word-counts',
  windowedWordCounts: 'word-counts-windowed',
  deadLetters: 'word-count-dlq',
} as const;

/** Sentences as posted to the producer: key a sentence id (or none), value the sentence's text. */
export const sentencesTopic = (name: string = DEFAULT_TOPIC_NAMES.sentences): Topic<string, string> =>
  topic(name, Serdes.String(), Serdes.String());

/** Every update of a word's all-time count (compacted): key the word, value the count as an 8-byte long. */
export const wordCountsTopic = (name: string = DEFAULT_TOPIC_NAMES.wordCounts): Topic<string, number> =>
  topic(name, Serdes.String(), longAsNumberSerde());

/**
 * Every update of a word's count in a time window: key the word and the window start (Java's TimeWindowed
 * serde, which carries no end, hence the window size), value the count as an 8-byte long.
 */
export const windowedWordCountsTopic = (
  windowSizeMs: number,
  name: string = DEFAULT_TOPIC_NAMES.windowedWordCounts,
): Topic<Windowed<string>, number> =>
  topic(name, timeWindowedSerde(Serdes.String(), windowSizeMs), longAsNumberSerde());
