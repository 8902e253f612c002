export { KafkaStreamsModule } from './kafka-streams.module.js';
export { DEFAULT_SHUTDOWN_GRACE_MS, type KafkaStreamsModuleOptions } from './kafka-streams.options.js';
export { KafkaStreamsTransport } from './kafka-streams.transport.js';
