export { kafkaClientConfig, kafkaConnectionOf } from './kafka-client-config.js';
export { KafkaProducerClient, type KafkaProducerOptions, type OutgoingMessage } from './kafka-producer.client.js';
export { KafkaProducerModule } from './kafka-producer.module.js';
export { KafkaUnavailableError } from './kafka-unavailable.error.js';
export { KafkaUnavailableFilter } from './kafka-unavailable.filter.js';
export { kafkajsErrorLevel } from './kafkajs-logger.js';
export { withTimeout } from './with-timeout.js';
