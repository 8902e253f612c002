// Timestamp extractors (Java: FailOnInvalidTimestamp / WallclockTimestampExtractor / custom).
import { InvalidTimestampError } from '../errors/exceptions.js';
import type { TimestampExtractor } from '../topology/nodes.js';

export const TimestampExtractors = {
  /**
   * The timestamp stored with the record (CreateTime or LogAppendTime): the default. As Java's
   * FailOnInvalidTimestamp, a negative one is an error (a custom extractor's negative timestamp skips the record).
   */
  recordTime: (): TimestampExtractor => (record) => {
    if (record.timestamp < 0) {
      throw new InvalidTimestampError(
        `Record ${record.topic}-${record.partition}@${record.offset} has an invalid (negative) timestamp ` +
          `${record.timestamp}`,
      );
    }
    return record.timestamp;
  },
  /** Processing time: the task's wall clock when the record is read. */
  wallClock: (): TimestampExtractor => (_record, context) => context.wallClockMs,
} as const;
