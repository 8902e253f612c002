import kafkajs, { type KafkaConfig, type LogEntry } from 'kafkajs';
import type {
  ClientConnectionOptions,
  ClientLogger,
  GroupConsumerOptions,
  KafkaClientFactory,
  TransactionalProducerOptions,
} from '../types.js';
import { KafkajsAdminClient } from './admin.js';
import { KafkajsChangelogReader } from './changelog-reader.js';
import { toKafkajsAssigner } from './assignor-adapter.js';
import { KafkajsGroupConsumer } from './consumer.js';
import { KafkajsGlobalConsumer } from './global-consumer.js';
import { KafkajsRecordProducer } from './producer.js';
import { KafkajsTransactionalProducer } from './transactional-producer.js';
import { correctKafkajsReadCommitted } from './read-committed.js';
import { correctKafkajsOffsetReset } from './offset-reset.js';
import { StreamsConfigError } from '../../../errors/exceptions.js';

const { Kafka, logLevel, Partitioners } = kafkajs;

/**
 * The runtime gives every record its partition (murmur2 like Java, see runtime/output-partitioner.ts); saying
 * which partitioner kafkajs keeps anyway (its Java-compatible default) also silences its warning about it.
 */
const createPartitioner = Partitioners.DefaultPartitioner;

export class KafkajsClientFactory implements KafkaClientFactory {
  private readonly kafka: kafkajs.Kafka;

  constructor(options: ClientConnectionOptions) {
    // Exactly-once needs read_committed consumers that never deliver aborted records (kafkajs' own filter can),
    // and committed offsets that only the tasks' transactions write (kafkajs commits its offset resets).
    correctKafkajsReadCommitted();
    correctKafkajsOffsetReset();
    this.kafka = new Kafka(kafkaConfig(options));
  }

  admin(): KafkajsAdminClient {
    return new KafkajsAdminClient(this.kafka.admin());
  }

  producer(options: { readonly transactionalId?: string } = {}): KafkajsRecordProducer {
    return new KafkajsRecordProducer(
      this.kafka.producer({
        allowAutoTopicCreation: false,
        createPartitioner,
        idempotent: true,
        maxInFlightRequests: options.transactionalId ? 1 : 5,
        ...(options.transactionalId ? { transactionalId: options.transactionalId } : {}),
      }),
    );
  }

  /** Each kafkajs producer has its own connections to the brokers. */
  transactionalProducer(options: TransactionalProducerOptions): KafkajsTransactionalProducer {
    const producer = this.kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionalId: options.transactionalId,
      transactionTimeout: options.transactionTimeoutMs,
    });
    return new KafkajsTransactionalProducer(producer, options.transactionalId);
  }

  consumer(options: GroupConsumerOptions): KafkajsGroupConsumer {
    if (options.groupInstanceId !== undefined) {
      throw new Error('static group membership (groupInstanceId) is not provided by the kafkajs client');
    }
    if (options.rebalanceProtocol === 'cooperative') {
      throw new StreamsConfigError(
        'Invalid StreamsConfig: rebalanceProtocol: cooperative rebalancing is not provided by the kafkajs client (it is ' +
          "eager); use client 'platformatic'",
        ['rebalanceProtocol'],
      );
    }
    return new KafkajsGroupConsumer(
      this.kafka.consumer({
        groupId: options.groupId,
        allowAutoTopicCreation: false,
        readUncommitted: !(options.readCommitted ?? true),
        ...(options.assignor ? { partitionAssigners: [toKafkajsAssigner(options.assignor)] } : {}),
        ...(options.sessionTimeoutMs !== undefined ? { sessionTimeout: options.sessionTimeoutMs } : {}),
        ...(options.heartbeatIntervalMs !== undefined ? { heartbeatInterval: options.heartbeatIntervalMs } : {}),
        ...(options.maxWaitTimeMs !== undefined ? { maxWaitTimeInMs: options.maxWaitTimeMs } : {}),
      }),
    );
  }

  changelogReader(options: { readonly groupId: string }): KafkajsChangelogReader {
    return new KafkajsChangelogReader(this.kafka, options.groupId);
  }

  globalConsumer(options: { readonly groupId: string; readonly maxWaitTimeMs?: number }): KafkajsGlobalConsumer {
    return new KafkajsGlobalConsumer(this.kafka, options);
  }
}

function kafkaConfig(options: ClientConnectionOptions): KafkaConfig {
  return {
    clientId: options.clientId,
    brokers: [...options.brokers],
    ...(options.tls ? { ssl: options.tls.ca ? { ca: [options.tls.ca], rejectUnauthorized: true } : true } : {}),
    ...(options.sasl
      ? { sasl: { mechanism: 'scram-sha-512', username: options.sasl.username, password: options.sasl.password } }
      : {}),
    logLevel: logLevel.WARN,
    logCreator: () => (entry) => forwardKafkajsLog(options.logger, entry),
  };
}

// kafkajs' own messages go to the runtime's logger. Its INFO chatter is demoted to debug, and so are
// error responses logged per connection (e.g. "the group is rebalancing"): the layer above retries them
// and logs what it cannot recover from. Its `timestamp` and `logger: 'kafkajs'` fields are dropped: the
// runtime's logger stamps its own time, and the message names kafkajs.
export function forwardKafkajsLog(logger: ClientLogger, { namespace, level, log }: LogEntry): void {
  const { message, timestamp: _timestamp, logger: _logger, ...fields } = log;
  const text = `kafkajs ${namespace}: ${message}`;
  if (level === logLevel.ERROR && namespace === 'Connection') logger.warn(text, fields);
  else if (level === logLevel.ERROR) logger.error(text, fields);
  else if (level === logLevel.WARN) logger.warn(text, fields);
  else logger.debug(text, fields);
}
