// @streamkit/kafka-streams: the public API. Everything an application uses is exported here by name; what is
// not listed (src/internal/) may change in any release. Optional integrations have entry points of their own:
//   @streamkit/kafka-streams/testing        TopologyTestDriver and the test topics
//   @streamkit/kafka-streams/prometheus     Prometheus metrics (needs prom-client)
//   @streamkit/kafka-streams/opentelemetry  tracer name and W3C trace context headers
export const VERSION = '0.1.0';

// Serialization
export type { Deserializer, Headers, MutableHeaders, Serde, Serializer } from './serde/serde.js';
export { Serdes, type Schema } from './serde/serdes.js';

// Processor API
export type {
  Cancellable,
  FixedKey,
  FixedKeyProcessor,
  FixedKeyProcessorContext,
  FixedKeyProcessorSupplier,
  FixedKeyRecord,
  Processor,
  ProcessorContext,
  ProcessorSupplier,
  PunctuationType,
  Record,
  RecordMetadata,
} from './processor/api.js';
export type {
  ValueTransformerContext,
  ValueTransformerWithKey,
  ValueTransformerWithKeySupplier,
} from './processor/value-transformer.js';
export { formatTaskId, type TaskId } from './processor/task-id.js';
export { TimestampExtractors } from './processor/timestamp-extractors.js';

// Topology
export { Topology, type SinkOptions, type SourceOptions, type StoreDeclaration } from './topology/topology.js';
export {
  TopologyDescription,
  type GlobalStoreDescription,
  type NodeDescription,
  type SubtopologyDescription,
} from './topology/describe.js';
export type {
  ExtractableRecord,
  ExtractionContext,
  RecordContext,
  StreamPartitioner,
  TimestampExtractor,
  TopicNameExtractor,
} from './topology/nodes.js';

// DSL
export { StreamsBuilder, type StreamsBuilderConfig } from './dsl/streams-builder.js';
export { KStream } from './dsl/kstream.js';
export { GlobalKTable, KTable } from './dsl/ktable.js';
export { BranchedKStream } from './dsl/branched-kstream.js';
export {
  Branched,
  type BranchedAs,
  type BranchedWithConsumer,
  type BranchedWithFunction,
  type BranchEntry,
} from './dsl/branched.js';
export { Consumed, Named, Produced, Repartitioned, type Resolve, type Unset } from './dsl/options.js';
export { KGroupedStream } from './dsl/kgrouped-stream.js';
export {
  CogroupedKStream,
  SessionWindowedCogroupedKStream,
  TimeWindowedCogroupedKStream,
} from './dsl/cogrouped-kstream.js';
export { KGroupedTable } from './dsl/kgrouped-table.js';
export { TimeWindowedKStream } from './dsl/time-windowed-kstream.js';
export { SlidingWindowedKStream } from './dsl/sliding-windowed-kstream.js';
export { SessionWindowedKStream } from './dsl/session-windowed-kstream.js';
export { Materialized } from './dsl/materialized.js';
export { Joined } from './dsl/joined.js';
export { StreamJoined } from './dsl/stream-joined.js';
export { TableJoined } from './dsl/table-joined.js';
export { Grouped } from './dsl/grouped.js';
export { BufferConfig, Suppressed, type EagerBufferConfig, type StrictBufferConfig } from './dsl/suppressed.js';
export { EmitStrategy, type EmitStrategyType } from './dsl/emit-strategy.js';
export { longAsNumberSerde } from './dsl/long-serde.js';

// Windows
export { windowed, type Window, type Windowed } from './windows/window.js';
export { TimeWindows } from './windows/time-windows.js';
export { SessionWindows } from './windows/session-windows.js';
export { SlidingWindows } from './windows/sliding-windows.js';
export { JoinWindows } from './windows/join-windows.js';
export { sessionWindowedSerde, timeWindowedSerde } from './windows/windowed-serdes.js';

// State stores
export type {
  KeyValue,
  KeyValueStore,
  ReadOnlyKeyValueStore,
  ReadOnlySessionStore,
  ReadOnlyWindowStore,
  SessionStore,
  StateStore,
  StoreIterator,
  WindowStore,
} from './state/store.js';
export {
  Stores,
  type BuiltStore,
  type BulkLoading,
  type RecordCacheScope,
  type StoreBuilder,
  type StoreContext,
  type StoreKind,
} from './state/stores.js';
export { changelogTopicName } from './state/changelog-topic-name.js';
export {
  PUT_RETURN_CODE_NOT_PUT,
  PUT_RETURN_CODE_VALID_TO_UNDEFINED,
  type ReadOnlyVersionedKeyValueStore,
  type VersionedKeyValueStore,
  type VersionedRecord,
  type VersionedStoreSupplier,
} from './state/versioned-store.js';

// Errors and error handling
export {
  InvalidStateStoreError,
  InvalidTimestampError,
  MissingSinkTopicError,
  MissingSourceTopicError,
  SerializationError,
  StartAbortedError,
  StoreLockedError,
  StreamsConfigError,
  StreamsError,
  StreamsFatalError,
  TaskFailedError,
  TopologyError,
  TopologyTopicsError,
} from './errors/exceptions.js';
export type {
  DeserializationExceptionHandler,
  ErrorContext,
  ErrorHandlers,
  HandlerResponse,
  ProcessingExceptionHandler,
  ProductionExceptionHandler,
} from './errors/handlers.js';
export { DeadLetter, defaultErrorHandlers, errorHandlers, LogAndContinue, LogAndFail } from './errors/factories.js';
export { DEAD_LETTER_HEADERS, MAX_STACKTRACE_BYTES } from './errors/dead-letter-headers.js';

// Running an application
export { KafkaStreams, type KafkaStreamsOptions, type RunnableTopology } from './runtime/kafka-streams.js';
export {
  resolveStreamsConfig,
  streamsConfigSchema,
  type ResolvedStreamsConfig,
  type StreamsConfigInput,
} from './runtime/config.js';
export type { KafkaStreamsState, StateListener } from './runtime/states.js';
export { consoleLogger, silentLogger, type StreamsLogger } from './runtime/logger.js';
export type { StateRestoreListener } from './runtime/restore-listener.js';
export type { GlobalStoreUpdate, GlobalStoreUpdateListener } from './runtime/global-store-update.js';
export type { TopicPartition } from './runtime/topic-partition.js';
export type {
  ActiveTaskMetrics,
  GlobalStoreMetrics,
  LatencySnapshot,
  PartitionLag,
  StandbyTaskMetrics,
  StoreRestoreMetrics,
  StoreRestoreProgress,
  StreamsMetrics,
  TaskMetrics,
  TransactionMetrics,
} from './runtime/metrics.js';
export { streamsHealth, type StreamsHealth, type StreamsHealthInput } from './runtime/streams-health.js';

// Interactive queries
export type { QueryableStoreViews } from './runtime/queryable-store-views.js';
export { formatHostInfo, parseHostInfo, type HostInfo } from './runtime/host-info.js';
export type { KeyQueryMetadata, LocalQueryState, StreamsMetadata } from './runtime/streams-metadata.js';
export {
  FORWARDED_BY_HEADER,
  KeyQueryRouter,
  SERVED_BY_HEADER,
  type KeyQuery,
  type KeyQueryResult,
  type KeyQueryRouterOptions,
  type RequestHeaders,
  type RoutableStreams,
  type UnavailableReason,
} from './routing/key-query-router.js';
export { toHttpReply, writeHttpReply, type HttpReply, type LocalReply } from './routing/http-reply.js';
