import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { KafkaStreams } from '@streamkit/kafka-streams';
import { DEFAULT_SHUTDOWN_GRACE_MS, type KafkaStreamsModuleOptions } from './kafka-streams.options.js';
import { KAFKA_STREAMS_OPTIONS } from './kafka-streams.tokens.js';

/** Starts the streams app once Nest is up, and drains and closes it when Nest shuts down. */
@Injectable()
export class KafkaStreamsLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('KafkaStreams');

  constructor(
    private readonly streams: KafkaStreams,
    @Inject(KAFKA_STREAMS_OPTIONS) private readonly options: KafkaStreamsModuleOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.streams.start();
  }

  async onApplicationShutdown(): Promise<void> {
    const timeoutMs = this.options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
    const drained = await this.streams.close({ timeoutMs });
    if (!drained) this.logger.warn(`not drained within ${timeoutMs} ms; uncommitted records will be processed again`);
  }
}
