import type { ConfigService } from '@nestjs/config';
import type { StreamsConfigInput } from '@streamkit/kafka-streams';
import type { KafkaConnectionConfig } from '../config/service-config.schema.js';
import type { StreamsServiceConfig } from '../config/streams-config.schema.js';
import type { StreamsLogSink } from '../logging/streams-logger.js';
import { kafkaConnectionOf } from '../kafka/kafka-client-config.js';

type StreamsVariables = KafkaConnectionConfig & StreamsServiceConfig;

/**
 * The streams runtime's config from the shared Kafka variables and `streamsServiceShape`'s ones: application
 * id, brokers, TLS, SCRAM, state directory, application server, commit interval, Kafka client, group instance id, and
 * `logger` (STREAMS_LOGGER).
 * Add the topology's own settings (error handlers...) to the result.
 */
export function kafkaStreamsConfigOf(
  config: ConfigService<StreamsVariables, true>,
  logger: StreamsLogSink,
): StreamsConfigInput {
  const kafka = kafkaConnectionOf(config);
  const applicationServer = config.get('APPLICATION_SERVER', { infer: true });
  const groupInstanceId = config.get('GROUP_INSTANCE_ID', { infer: true });
  return {
    applicationId: config.get('APPLICATION_ID', { infer: true }),
    bootstrapServers: kafka.KAFKA_BOOTSTRAP_SERVERS,
    ...(kafka.KAFKA_CLIENT_ID ? { clientId: kafka.KAFKA_CLIENT_ID } : {}),
    ...(kafka.KAFKA_CA_FILE ? { ssl: { caFile: kafka.KAFKA_CA_FILE } } : {}),
    ...(kafka.KAFKA_SASL_USERNAME && kafka.KAFKA_SASL_PASSWORD
      ? {
          sasl: {
            mechanism: 'scram-sha-512' as const,
            username: kafka.KAFKA_SASL_USERNAME,
            password: kafka.KAFKA_SASL_PASSWORD,
          },
        }
      : {}),
    stateDir: config.get('STATE_DIR', { infer: true }),
    ...(applicationServer ? { applicationServer } : {}),
    commitIntervalMs: config.get('COMMIT_INTERVAL_MS', { infer: true }),
    client: config.get('KAFKA_STREAMS_CLIENT', { infer: true }),
    ...(groupInstanceId ? { groupInstanceId } : {}),
    logger,
  };
}
