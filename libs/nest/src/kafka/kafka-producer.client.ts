import type { OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import kafkajs, { type KafkaConfig, type Message, type Producer, type RecordMetadata } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { kafkajsLogCreator } from './kafkajs-logger.js';
import { KafkaUnavailableError } from './kafka-unavailable.error.js';
import { withTimeout } from './with-timeout.js';

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
 * acknowledged by all in-sync replicas (idempotent producer, acks=all), or errors with
 * KafkaUnavailableError after `sendTimeoutMs`. Connects on first use, so the service starts while Kafka
 * is away (readiness reports it). Request-response (`send`) is not a Kafka producer's job.
 */
export class KafkaProducerClient extends ClientProxy implements OnApplicationShutdown {
  private readonly producer: Producer;
  private connecting: Promise<void> | undefined;

  constructor(private readonly options: KafkaProducerOptions) {
    super();
    const kafka = new Kafka({
      logLevel: logLevel.WARN,
      logCreator: kafkajsLogCreator,
      // kafkajs retries an idempotent producer forever by default. A caller stops waiting after sendTimeoutMs,
      // so endless retries would only pile up abandoned sends, with their messages, during an outage.
      retry: { retries: 5 },
      ...options.connection,
    });
    // One request in flight per broker keeps the idempotent producer's sequence numbers in order on retries.
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // Java-compatible murmur2 (kafkajs 2's default); naming it silences kafkajs' migration warning.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  /** Sends `messages` to `topic`; resolves when all are acknowledged. */
  produce(topic: string, messages: ReadonlyArray<OutgoingMessage>): Promise<RecordMetadata[]> {
    return lastValueFrom(this.emit<RecordMetadata[], ReadonlyArray<OutgoingMessage>>(topic, messages));
  }

  connect(): Promise<void> {
    // Concurrent callers share one attempt; each waits at most sendTimeoutMs for it.
    this.connecting ??= this.producer.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.bounded(this.connecting, 'connect');
  }

  /** Disconnects; gives up after sendTimeoutMs, so shutdown is never held by a broker that does not answer. */
  async close(): Promise<void> {
    this.connecting = undefined;
    await this.bounded(this.producer.disconnect(), 'disconnect').catch(() => {});
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
    return this.bounded(this.producer.send({ topic, messages, acks: -1 }), `send to ${topic}`) as Promise<T>;
  }

  protected publish(_packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    callback({ err: new Error('KafkaProducerClient only emits events; request-response is not supported') });
    return () => {};
  }

  private async bounded<T>(operation: Promise<T>, what: string): Promise<T> {
    const { sendTimeoutMs } = this.options;
    try {
      return await withTimeout(
        operation,
        sendTimeoutMs,
        () => new KafkaUnavailableError(`Kafka did not acknowledge ${what} within ${sendTimeoutMs} ms`),
      );
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      throw new KafkaUnavailableError(`Kafka is unreachable (${what}): ${(error as Error).message}`, { cause: error });
    }
  }
}

// Errors meaning "the cluster could not be reached or did not answer", as opposed to a refused record.
const UNREACHABLE_ERRORS = new Set([
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
]);

function isUnreachable(error: unknown): boolean {
  return error instanceof kafkajs.KafkaJSError && (error.retriable || UNREACHABLE_ERRORS.has(error.name));
}
