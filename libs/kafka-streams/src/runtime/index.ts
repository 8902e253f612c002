export { KafkaStreams, type KafkaStreamsOptions, type RunnableTopology, type StreamsMetrics } from './kafka-streams.js';
export type { QueryableStoreViews } from './interactive-queries.js';
export type { StateRestoreListener, StoreRestoreMetrics } from './restore-listener.js';
export type { GlobalStoreUpdateListener } from './global-update-listeners.js';
export {
  resolveStreamsConfig,
  streamsConfigSchema,
  StreamsConfigError,
  type ResolvedStreamsConfig,
  type StreamsConfigInput,
} from './config.js';
export type { KafkaStreamsState, StateListener } from './states.js';
export { consoleLogger, silentLogger, type StreamsLogger } from './logger.js';
export {
  MissingSinkTopicError,
  MissingSourceTopicError,
  StartAbortedError,
  StoreNotAvailableError,
  StreamsFatalError,
  TopologyTopicsError,
} from './errors.js';
export { TaskAssignor, type TaskAssignorOptions } from './task-assignor.js';
export { formatHostInfo, parseHostInfo, type HostInfo } from './host-info.js';
export type { KeyQueryMetadata, LocalQueryState, StreamsMetadata } from './streams-metadata.js';
export type * from '../client/types.js';
export { KafkajsClientFactory } from '../client/kafkajs/client-factory.js';
