export { HEALTH_CONTRIBUTORS, type HealthContributor } from './health-contributor.js';
export { HealthModule, type HealthOptions } from './health.module.js';
export { KAFKA_HEALTH_TIMEOUT_MS, KafkaHealthIndicator } from './kafka.health.js';
export { KafkaStreamsHealthIndicator } from './kafka-streams.health.js';
