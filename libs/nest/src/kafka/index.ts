export { kafkaClientConfig, kafkaConnectionOf } from './kafka-client-config.js';
export { KafkaProducerClient, type KafkaProducerOptions, type OutgoingMessage } from './kafka-producer.client.js';
export { KafkaProducerHealthIndicator } from './kafka-producer.health.js';
export { KafkaProducerModule } from './kafka-producer.module.js';
export { KafkaUnavailableError, type KafkaUnavailableReason } from './kafka-unavailable.error.js';
export { KafkaUnavailableFilter } from './kafka-unavailable.filter.js';
export { kafkajsErrorContext, kafkajsErrorLevel } from './kafkajs-logger.js';
export type { ProducerState } from './resettable-producer.js';
export { withTimeout } from './with-timeout.js';
