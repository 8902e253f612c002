import { type INestApplication, Logger } from '@nestjs/common';
import type { CustomTransportStrategy } from '@nestjs/microservices';
import { KafkaStreams } from '@streamkit/kafka-streams';
import { closeStreams } from './close-streams.js';
import { DEFAULT_SHUTDOWN_GRACE_MS, type KafkaStreamsModuleOptions } from './kafka-streams.options.js';
import { KAFKA_STREAMS_OPTIONS } from './kafka-streams.tokens.js';
import { startStreams } from './start-streams.js';

/**
 * The streams app as a Nest microservice transport, for hybrid apps:
 * `app.connectMicroservice({ strategy: new KafkaStreamsTransport(streams) })` then
 * `app.startAllMicroservices()` starts it and `app.close()` (or SIGTERM with shutdown hooks) drains and
 * closes it within `shutdownGraceMs`. The topology does the processing; there are no message handlers to
 * route to. With KafkaStreamsModule, use `connectKafkaStreamsTransport(app)`.
 */
export class KafkaStreamsTransport implements CustomTransportStrategy {
  private readonly logger = new Logger('KafkaStreams');

  constructor(
    private readonly streams: KafkaStreams,
    private readonly shutdownGraceMs = DEFAULT_SHUTDOWN_GRACE_MS,
  ) {}

  /**
   * Calls back once the app joined its group (state REBALANCING), or with the error that stopped it; a shutdown
   * during start-up (close() aborting start()) is not an error.
   */
  listen(callback: (error?: unknown) => void): void {
    startStreams(this.streams, this.logger).then(() => callback(), callback);
  }

  async close(): Promise<void> {
    await closeStreams(this.streams, this.shutdownGraceMs, this.logger);
  }
}

/**
 * Attaches the KafkaStreams of `KafkaStreamsModule.forRoot(...)` to `app` as a KafkaStreamsTransport;
 * `app.startAllMicroservices()` then starts it (bootstrapService does).
 */
export function connectKafkaStreamsTransport(app: INestApplication): void {
  const options = app.get<KafkaStreamsModuleOptions>(KAFKA_STREAMS_OPTIONS);
  const strategy = new KafkaStreamsTransport(app.get(KafkaStreams), options.shutdownGraceMs);
  app.connectMicroservice({ strategy }, { inheritAppConfig: true });
}
