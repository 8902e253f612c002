// @streamkit/contracts: what the services, the manifests and the benchmarks must agree on, written once.
export { topic, type Topic } from './topic.js';
export { storeRef, type StoreRef } from './store.js';
export {
  MAX_WORD_LENGTH,
  WORD_PATTERN,
  WORD_PREFIX_PATTERN,
  wordPrefixSchema,
  wordSchema,
  wordsOf,
} from './word-count/words.js';
export { WordParams, wordParamsSchema } from './word-count/word-param.js';
export { DEFAULT_TOPIC_NAMES, sentencesTopic, windowedWordCountsTopic, wordCountsTopic } from './word-count/topics.js';
export { WINDOWED_WORD_COUNTS_STORE, WORD_COUNTS_STORE, WORDS_REPARTITION } from './word-count/stores.js';
