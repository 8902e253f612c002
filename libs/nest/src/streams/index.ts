export { KafkaStreamsModule } from './kafka-streams.module.js';
export { DEFAULT_SHUTDOWN_GRACE_MS, drainTimeoutMs, type KafkaStreamsModuleOptions } from './kafka-streams.options.js';
export { KAFKA_STREAMS_OPTIONS } from './kafka-streams.tokens.js';
export { connectKafkaStreamsTransport, KafkaStreamsTransport } from './kafka-streams.transport.js';
export { keyQueryReply } from './key-query-reply.js';
export { KafkaStreamsMetrics } from './kafka-streams.metrics.js';
export { kafkaStreamsConfigOf } from './streams-config.js';
export { InvalidStateStoreFilter } from './invalid-state-store.filter.js';
