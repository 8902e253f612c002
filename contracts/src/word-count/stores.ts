// The state stores the word count materializes, and what they hold. word-count queries them, and the
// manifests pre-create their changelogs (`<application id>-<store name>-changelog`).
import { longAsNumberSerde, Serdes } from '@streamkit/kafka-streams';
import { storeRef } from '../store.js';

/** Key-value store: word → count of that word in every sentence so far. */
export const WORD_COUNTS_STORE = storeRef('word-counts', 'key-value', Serdes.String(), longAsNumberSerde());

/** Window store: (word, window start) → count of that word in sentences whose timestamp is in the window. */
export const WINDOWED_WORD_COUNTS_STORE = storeRef(
  'windowed-word-counts',
  'window',
  Serdes.String(),
  longAsNumberSerde(),
);

/** The repartition topic's name within the application (`<application id>-words-repartition`). */
export const WORDS_REPARTITION = 'words';
