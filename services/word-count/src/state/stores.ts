// The state stores wordCountTopology materializes, and what they hold.

/** Key-value store: word → count of that word in every sentence so far. */
export const WORD_COUNTS_STORE = 'word-counts';

/** Window store: (word, window start) → count of that word in sentences whose timestamp is in the window. */
export const WINDOWED_WORD_COUNTS_STORE = 'windowed-word-counts';
