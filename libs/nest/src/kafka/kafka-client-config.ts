import { readFileSync } from 'node:fs';
import type { KafkaConfig } from 'kafkajs';
import type { ConfigService } from '@nestjs/config';
import type { KafkaConnectionConfig } from '../config/service-config.schema.js';

/** The kafkajs connection settings (brokers, TLS, SCRAM) the shared Kafka variables describe. */
export function kafkaClientConfig(config: KafkaConnectionConfig, defaultClientId: string): KafkaConfig {
  return {
    clientId: config.KAFKA_CLIENT_ID ?? defaultClientId,
    brokers: config.KAFKA_BOOTSTRAP_SERVERS.split(','),
    ...(config.KAFKA_CA_FILE ? { ssl: { ca: [readFileSync(config.KAFKA_CA_FILE, 'utf8')] } } : {}),
    ...(config.KAFKA_SASL_USERNAME && config.KAFKA_SASL_PASSWORD
      ? {
          sasl: {
            mechanism: 'scram-sha-512',
            username: config.KAFKA_SASL_USERNAME,
            password: config.KAFKA_SASL_PASSWORD,
          },
        }
      : {}),
  };
}

/** The shared Kafka variables out of a service's validated config. */
export function kafkaConnectionOf(config: ConfigService<KafkaConnectionConfig, true>): KafkaConnectionConfig {
  return {
    KAFKA_BOOTSTRAP_SERVERS: config.get('KAFKA_BOOTSTRAP_SERVERS', { infer: true }),
    KAFKA_CLIENT_ID: config.get('KAFKA_CLIENT_ID', { infer: true }),
    KAFKA_SASL_USERNAME: config.get('KAFKA_SASL_USERNAME', { infer: true }),
    KAFKA_SASL_PASSWORD: config.get('KAFKA_SASL_PASSWORD', { infer: true }),
    KAFKA_CA_FILE: config.get('KAFKA_CA_FILE', { infer: true }),
  };
}
