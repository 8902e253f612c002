import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import kafkajs, { type KafkaConfig, type Message, type RecordMetadata } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { kafkajsLogCreator } from './kafkajs-logger.js';
import { type ProducerState, ResettableProducer } from './resettable-producer.js';
import { stickyPartitioner } from './sticky-partitioner.js';

const { Kafka, logLevel, Partitioners } = kafkajs;

export interface KafkaProducerOptions {
  /** Brokers, client id, TLS and SASL; see `kafkaClientConfig`. */
  readonly connection: KafkaConfig;
  /** How long a connect or a send may take before it fails with KafkaUnavailableError. */
  readonly sendTimeoutMs: number;
}

export interface OutgoingMessage {
  readonly key?: string | Buffer | null;
  readonly value: string | Buffer;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A Nest `ClientProxy` that produces to Kafka: `emit(topic, messages)` completes once every message is
 * acknowledged by all in-sync replicas (idempotent producer, acks=all), or errors with KafkaUnavailableError
 * after `sendTimeoutMs`, while Kafka cannot be reached, or while the producer is recreated after a failure (see
 * ResettableProducer). Connects on first use, so the service starts while Kafka is away (readiness reports it).
 * Request-response (`send`) is not a Kafka producer's job.
 */
export class KafkaProducerClient extends ClientProxy implements OnApplicationShutdown {
  private readonly producer: ResettableProducer;

  constructor(options: KafkaProducerOptions) {
    super();
    const kafka = new Kafka({
      logLevel: logLevel.WARN,
      logCreator: kafkajsLogCreator,
      // kafkajs retries an idempotent producer forever by default. A caller stops waiting after sendTimeoutMs,
      // so endless retries would only pile up abandoned sends, with their messages, during an outage.
      retry: { retries: 5 },
      ...options.connection,
    });
    this.producer = new ResettableProducer({
      timeoutMs: options.sendTimeoutMs,
      log: new ProducerLog(),
      create: () =>
        kafka.producer({
          idempotent: true,
          // One request in flight per broker keeps the sequence numbers in order on retries.
          maxInFlightRequests: 1,
          allowAutoTopicCreation: false,
          // Java-compatible murmur2 (kafkajs 2's default), kept per message across kafkajs' retries.
          createPartitioner: stickyPartitioner(Partitioners.DefaultPartitioner),
        }),
    });
  }

  /** `idle` (not connected yet), `ready`, `resetting` (a new producer is being connected) or `closed`. */
  get state(): ProducerState {
    return this.producer.state;
  }

  /** Why the producer was last recreated or could not connect; undefined while one is connected. */
  get failure(): string | undefined {
    return this.producer.failure;
  }

  /** Sends `messages` to `topic`; resolves when all are acknowledged. */
  produce(topic: string, messages: ReadonlyArray<OutgoingMessage>): Promise<RecordMetadata[]> {
    return lastValueFrom(this.emit<RecordMetadata[], ReadonlyArray<OutgoingMessage>>(topic, messages));
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  /** Disconnects; gives up after sendTimeoutMs, so shutdown is never held by a broker that does not answer. */
  close(): Promise<void> {
    return this.producer.close();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  unwrap<T>(): T {
    return this.producer as T;
  }

  protected dispatchEvent<T = RecordMetadata[]>(packet: ReadPacket<ReadonlyArray<OutgoingMessage>>): Promise<T> {
    const topic = this.normalizePattern(packet.pattern);
    const messages: Message[] = packet.data.map(({ key, value, headers }) => ({
      key: key ?? null,
      value,
      ...(headers ? { headers: { ...headers } } : {}),
    }));
    return this.producer.send({ topic, messages, acks: -1 }) as Promise<T>;
  }

  protected publish(_packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    callback({ err: new Error('KafkaProducerClient only emits events; request-response is not supported') });
    return () => {};
  }
}

class ProducerLog {
  private readonly logger = new Logger(KafkaProducerClient.name);

  warn(message: string): void {
    this.logger.warn(message);
  }

  info(message: string): void {
    this.logger.log(message);
  }
}
