export { ConfigError } from './config-error.js';
export { type Environment, loadConfig } from './load-config.js';
export {
  defineServiceConfig,
  kafkaConnectionShape,
  kafkaTopicName,
  nonNegativeInteger,
  positiveInteger,
  serviceConfigShape,
  type KafkaConnectionConfig,
  type ServiceConfig,
} from './service-config.schema.js';
export {
  streamsServiceShape,
  type StreamsServiceConfig,
  type StreamsServiceDefaults,
} from './streams-config.schema.js';
export { ServiceConfigModule } from './service-config.module.js';
