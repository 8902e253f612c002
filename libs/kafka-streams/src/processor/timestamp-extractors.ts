// Timestamp extractors (Java: FailOnInvalidTimestamp / WallclockTimestampExtractor / custom).
import type { TimestampExtractor } from '../topology/nodes.js';

export const TimestampExtractors = {
  /** The timestamp stored with the record (CreateTime or LogAppendTime): the default. */
  recordTime: (): TimestampExtractor => (record) => record.timestamp,
  /** Processing time: the task's wall clock when the record is read. */
  wallClock: (): TimestampExtractor => (_record, context) => context.wallClockMs,
} as const;
