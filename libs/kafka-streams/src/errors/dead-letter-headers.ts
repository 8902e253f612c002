// The headers a dead-letter record carries besides the failed record's own (KIP-1034's names).

export const DEAD_LETTER_HEADERS = {
  exception: '__streams.errors.exception',
  message: '__streams.errors.message',
  stacktrace: '__streams.errors.stacktrace',
  topic: '__streams.errors.topic',
  partition: '__streams.errors.partition',
  offset: '__streams.errors.offset',
} as const;

/** Stack traces are cut to keep dead-letter records well below the broker's message size limit. */
export const MAX_STACKTRACE_BYTES = 4096;
