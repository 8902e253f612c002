export { TopologyTestDriver, type TopologyTestDriverOptions } from './topology-test-driver.js';
export {
  TestInputTopic,
  TestOutputTopic,
  type TestRecord,
  type InputRecord,
  type TestInputTopicOptions,
} from './test-topics.js';
export { RecordingLogger, type LogEntry, type LogLevel } from './recording-logger.js';
