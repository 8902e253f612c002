export {
  formatTaskId,
  type ConsumedRecord,
  type ProducedRecord,
  type RecordCollector,
  type TaskId,
  type StreamTask,
  type TaskMetrics,
} from './contracts.js';
export { murmur2, toPositive, partitionForKey } from './partitioner.js';
export { TimestampExtractors } from './timestamps.js';
export { DEAD_LETTER_HEADERS, MAX_STACKTRACE_BYTES } from './dead-letter.js';
export { StreamTaskImpl } from './stream-task.js';
