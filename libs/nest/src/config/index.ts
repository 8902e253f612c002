export { ConfigError } from './config-error.js';
export { type Environment, loadConfig } from './load-config.js';
export {
  defineServiceConfig,
  kafkaConnectionShape,
  positiveInteger,
  serviceConfigShape,
  type KafkaConnectionConfig,
  type ServiceConfig,
} from './service-config.schema.js';
export { ServiceConfigModule } from './service-config.module.js';
