import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DEAD_LETTER_HEADERS } from '@streamkit/kafka-streams';
import { kafkaClientConfig, kafkaConnectionOf } from '@streamkit/nest';
import kafkajs, { type Consumer, type IHeaders, type KafkaMessage } from 'kafkajs';
import type { QueryApiConfig } from '../config.js';
import {
  DeadLetterSource,
  type DeadLettersView,
  DeadLetterTail,
  type DeadLetterView,
  preview,
} from '../dashboard/dead-letters.js';
import { SERVICE_NAME } from '../config.js';

const { Kafka, logLevel } = kafkajs;

/** How long to wait before trying again when the topic cannot be read. */
const RETRY_MS = 5_000;

const text = (value: Buffer | null | undefined): string | null => (value == null ? null : value.toString('utf8'));

function header(headers: IHeaders | undefined, name: string): string | null {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? null : first.toString();
}

function deadLetterOf(partition: number, message: KafkaMessage): DeadLetterView {
  const sourceTopic = header(message.headers, DEAD_LETTER_HEADERS.topic);
  return {
    partition,
    offset: message.offset,
    timestamp: new Date(Number(message.timestamp)).toISOString(),
    key: preview(text(message.key)),
    value: preview(text(message.value)),
    exception: header(message.headers, DEAD_LETTER_HEADERS.exception),
    message: preview(header(message.headers, DEAD_LETTER_HEADERS.message)),
    source:
      sourceTopic === null
        ? null
        : `${sourceTopic}-${header(message.headers, DEAD_LETTER_HEADERS.partition) ?? '?'}@${
            header(message.headers, DEAD_LETTER_HEADERS.offset) ?? '?'
          }`,
  };
}

/**
 * Follows word-count's dead-letter topic from its start (committed records only) with a consumer of its own, in
 * a private group under the application id that commits nothing: the count and the latest few for the dashboard.
 * A missing topic or an unreachable broker is shown (`unavailable` with the reason) and retried; it never
 * affects readiness.
 */
@Injectable()
export class KafkaDeadLetters extends DeadLetterSource implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(KafkaDeadLetters.name);
  private readonly topic: string;
  private readonly kafka: kafkajs.Kafka;
  private readonly groupId: string;
  private tail = new DeadLetterTail();
  private status: Pick<DeadLettersView, 'status' | 'reason'> = { status: 'unavailable', reason: 'starting' };
  private consumer: Consumer | undefined;
  private readonly stop = new AbortController();
  private following: Promise<void> | undefined;

  constructor(config: ConfigService<QueryApiConfig, true>) {
    super();
    this.topic = config.get('DEAD_LETTER_TOPIC', { infer: true });
    this.groupId = `${config.get('APPLICATION_ID', { infer: true })}-dead-letters-${randomUUID()}`;
    this.kafka = new Kafka({
      ...kafkaClientConfig(kafkaConnectionOf(config), SERVICE_NAME),
      logLevel: logLevel.NOTHING,
      retry: { retries: 2 },
    });
  }

  view(): DeadLettersView {
    return { topic: this.topic, ...this.status, count: this.tail.count, latest: this.tail.latest() };
  }

  onApplicationBootstrap(): void {
    this.following = this.follow();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.following;
  }

  private async follow(): Promise<void> {
    const { signal } = this.stop;
    while (!signal.aborted) {
      const crashed = Promise.withResolvers<string>();
      try {
        await this.ensureTopic();
        if (signal.aborted) return;
        this.tail = new DeadLetterTail();
        const consumer = this.kafka.consumer({ groupId: this.groupId, allowAutoTopicCreation: false });
        this.consumer = consumer;
        consumer.on(consumer.events.CRASH, ({ payload }) => crashed.resolve(payload.error.message));
        await consumer.connect();
        await consumer.subscribe({ topic: this.topic, fromBeginning: true });
        await consumer.run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => this.tail.add(deadLetterOf(partition, message)),
        });
        this.setStatus({ status: 'live', reason: null });
        const reason = await Promise.race([crashed.promise, this.stopped()]);
        if (reason !== undefined) this.setStatus({ status: 'unavailable', reason });
      } catch (error) {
        this.setStatus({ status: 'unavailable', reason: (error as Error).message });
      }
      await this.consumer?.disconnect().catch(() => undefined);
      this.consumer = undefined;
      await delay(RETRY_MS, undefined, { signal }).catch(() => undefined);
    }
  }

  private async ensureTopic(): Promise<void> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      if (!(await admin.listTopics()).includes(this.topic)) throw new Error(`topic ${this.topic} does not exist`);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  /** Resolves (to no crash reason) when the app stops. */
  private stopped(): Promise<undefined> {
    const { signal } = this.stop;
    return new Promise((resolve) =>
      signal.aborted ? resolve(undefined) : signal.addEventListener('abort', () => resolve(undefined), { once: true }),
    );
  }

  private setStatus(status: Pick<DeadLettersView, 'status' | 'reason'>): void {
    if (status.status !== this.status.status || status.reason !== this.status.reason) {
      const line = `dead-letter topic ${this.topic}: ${status.status}${status.reason ? ` (${status.reason})` : ''}`;
      if (status.status === 'live') this.logger.log(line);
      else this.logger.warn(line);
    }
    this.status = status;
  }
}
