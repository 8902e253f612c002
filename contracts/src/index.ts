// @streamkit/contracts: what the services, the manifests and the benchmarks must agree on, written once.
// Its HTTP side for NestJS controllers (the :word parameter) is @streamkit/contracts/http, so that a plain
// streams process (the bench, a worker) does not load Nest.
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
export { DEFAULT_TOPIC_NAMES, sentencesTopic, windowedWordCountsTopic, wordCountsTopic } from './word-count/topics.js';
export { WINDOWED_WORD_COUNTS_STORE, WORD_COUNTS_STORE, WORDS_REPARTITION } from './word-count/stores.js';
