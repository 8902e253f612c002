import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { KafkaStreams } from '@streamkit/kafka-streams';
import { closeStreams } from './close-streams.js';
import { DEFAULT_SHUTDOWN_GRACE_MS, type KafkaStreamsModuleOptions } from './kafka-streams.options.js';
import { KAFKA_STREAMS_OPTIONS } from './kafka-streams.tokens.js';
import { startStreams } from './start-streams.js';

/**
 * Starts the streams app once Nest is up, and drains and closes it when Nest shuts down; does nothing when
 * a KafkaStreamsTransport runs it (`lifecycle: 'transport'`).
 */
@Injectable()
export class KafkaStreamsLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('KafkaStreams');

  constructor(
    private readonly streams: KafkaStreams,
    @Inject(KAFKA_STREAMS_OPTIONS) private readonly options: KafkaStreamsModuleOptions,
  ) {}

  private get ownsStreams(): boolean {
    return (this.options.lifecycle ?? 'application') === 'application';
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.ownsStreams) return;
    await startStreams(this.streams, this.logger);
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.ownsStreams) return;
    await closeStreams(this.streams, this.options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS, this.logger);
  }
}
